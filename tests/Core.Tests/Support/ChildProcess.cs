using System.Diagnostics;
using System.Reflection;

namespace Tessera.Tests.Support;

/// <summary>Runs the CrashWriter helper as a real child process, reading its output lines as they come.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly SemaphoreSlim arrived = new(0);

    public ChildProcess(string mode, string dir, params string[] more)
    {
        var path = typeof(ChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CrashWriterPath").Value!;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(path);
        info.ArgumentList.Add(mode);
        info.ArgumentList.Add(dir);
        foreach (var arg in more)
            info.ArgumentList.Add(arg);
        this.process = Process.Start(info)!;
        this.process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (this.lines)
                this.lines.Add(e.Data);
            this.arrived.Release();
        };
        this.process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (this.lines)
                    this.lines.Add("stderr: " + e.Data);
            }
        };
        this.process.BeginOutputReadLine();
        this.process.BeginErrorReadLine();
    }

    public int Id => this.process.Id;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (this.lines)
                return this.lines.ToList();
        }
    }

    /// <summary>Waits until a line starting with <paramref name="prefix"/> has been printed.</summary>
    public void WaitFor(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!this.Lines.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (this.process.HasExited)
                throw new InvalidOperationException($"The child exited ({this.process.ExitCode}) before printing '{prefix}': {string.Join(" | ", this.Lines)}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No '{prefix}' from the child within {timeout}: {string.Join(" | ", this.Lines)}");
            this.arrived.Wait(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public void Kill()
    {
        this.process.Kill(entireProcessTree: true);
        this.process.WaitForExit();
    }

    public void Dispose()
    {
        if (!this.process.HasExited)
            this.Kill();
        this.process.Dispose();
    }
}
