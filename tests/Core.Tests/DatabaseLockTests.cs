using System.Diagnostics;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// SQLite's locks on the database file are POSIX locks, which the process loses when it closes any
/// descriptor of that file. Without its shared lock, a writer's log can be checkpointed and cut by
/// another process that takes itself for the last connection (a running import then failed with
/// "disk I/O error" and left a malformed database).
/// </summary>
public class DatabaseLockTests
{
    /// <summary>The byte range SQLite's shared lock covers (PENDING_BYTE + 2, 510 bytes).</summary>
    private const long SharedFirst = 0x40000002;

    private const int SharedSize = 510;

    [UnixFact]
    public void Opening_the_repository_again_keeps_the_lock_an_open_connection_holds()
    {
        using var t = new TempRepo();
        _ = t.Repo.Branches.List();
        Assert.False(AnotherProcessCanLockExclusively(t.Dir), "an open connection holds its shared lock");

        // What every command does when it starts: open the repository, here beside a connection already open.
        using (var again = Repository.Open(t.Dir))
            _ = again.Branches.List();
        _ = t.Repo.Branches.List();
        Assert.False(AnotherProcessCanLockExclusively(t.Dir), "the first connection still holds its shared lock");
    }

    /// <summary>Whether a process of its own gets a write lock on SQLite's shared range of the database file at once.</summary>
    private static bool AnotherProcessCanLockExclusively(string repo)
    {
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList =
            {
                "-c",
                "import fcntl, os, sys\n" +
                "fd = os.open(sys.argv[1], os.O_RDWR)\n" +
                "try:\n" +
                "    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, int(sys.argv[3]), int(sys.argv[2]))\n" +
                "    print('locked')\n" +
                "except OSError:\n" +
                "    print('held')\n",
                Path.Combine(repo, ".tensor", "tensor.db"),
                SharedFirst.ToString(System.Globalization.CultureInfo.InvariantCulture),
                SharedSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && output is "locked" or "held", $"python3 failed: {output} {process.StandardError.ReadToEnd()}");
        return output == "locked";
    }
}

/// <summary>A test of POSIX locks: skipped, and reported so, on Windows, which locks by handle (closing another handle releases nothing).</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
            this.Skip = "POSIX locks only: Windows locks by handle.";
    }
}
