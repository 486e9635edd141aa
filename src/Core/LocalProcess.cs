using System.Globalization;

namespace Tessera;

/// <summary>
/// Whether a process of this machine is running, the one rule for every check of another process:
/// the writer lock's holder, the owner of a temporary file an interrupted write left, the editor a
/// language server serves. A killed process stays a zombie until its parent waits for it, and in
/// a container whose first process does not reap orphans it stays one for good: it runs nothing
/// and holds nothing, so it counts as gone.
/// </summary>
public static class LocalProcess
{
    public static bool IsRunning(int pid) => StartTime(pid) >= 0;

    /// <summary>
    /// When the process started (clock ticks since boot on Linux), which tells it from a later one
    /// given the same id; -1 when it is not running.
    /// </summary>
    public static long StartTime(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] is "Z" or "X")
                    return -1;
                return long.Parse(fields[19], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return -1;
            }
        }
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return p.HasExited ? -1 : p.StartTime.ToUniversalTime().Ticks;
        }
        catch (ArgumentException)
        {
            return -1;
        }
    }
}
