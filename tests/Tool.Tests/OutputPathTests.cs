using Tessera.Formats.NumPy;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// What every command that writes a file does with the path it is given: a symbolic link is written through (its
/// target replaced, the link kept), a FIFO or character device is written directly and stays what it is, a folder or
/// a link to one is refused, and nothing that is not a regular file is ever replaced.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class OutputPathTests
{
    /// <summary>Each command that writes one file, given the path to write.</summary>
    private static readonly (string Name, Func<string, string[]> Args)[] Writers =
    [
        ("export parquet", f => ["export", "parquet", "/t", f]),
        ("export npy", f => ["export", "npy", "/t/x", f]),
        ("export npz", f => ["export", "npz", "/t", f]),
        ("export csv", f => ["export", "csv", "/t", f]),
        ("get --out", f => ["get", "/t/x", "1", "--out", f]),
        ("array read --out", f => ["array", "read", "/grid", "--out", f]),
    ];

    [Fact]
    public void Writers_write_through_a_symlink_to_its_target_and_keep_the_link()
    {
        using var dir = Seeded();
        Directory.CreateDirectory(dir.File("real"));
        foreach (var (name, args) in Writers)
        {
            string expected = Expected(dir, args);
            string target = dir.File($"real/{Slug(name)}");
            File.WriteAllText(target, "old contents");
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            string link = dir.File($"link-{Slug(name)}");
            File.CreateSymbolicLink(link, $"real/{Slug(name)}");

            dir.Ok(args(link));
            Assert.True(new FileInfo(link).LinkTarget == $"real/{Slug(name)}", $"{name} replaced the link");
            Assert.True(Same(File.ReadAllBytes(target), expected), $"{name} did not write the link's target");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(target));
            Assert.Empty(Directory.GetFiles(dir.File("real"), ".*.tmp"));
        }
    }

    [Fact]
    public void A_write_removes_what_a_killed_write_left_beside_its_file_and_keeps_what_a_running_one_writes()
    {
        using var dir = Seeded();
        // A process that has ended stands for a killed export; this test's own process for one still running.
        using var ended = System.Diagnostics.Process.Start("true")!;
        ended.WaitForExit();
        string left = dir.File($".out.parquet.{ended.Id}.tmp");
        string running = dir.File($".out.parquet.{Environment.ProcessId}.tmp");
        string other = dir.File($".other.parquet.{ended.Id}.tmp");
        foreach (var file in new[] { left, running, other })
            File.WriteAllText(file, "half a file");

        dir.Ok("export", "parquet", "/t", dir.File("out.parquet"));
        Assert.False(File.Exists(left), "the killed write's leftover is still there");
        Assert.True(File.Exists(running), "a running write's file was removed");
        Assert.True(File.Exists(other), "a leftover of another file was removed");
    }

    [Fact]
    public void A_write_removes_what_a_killed_write_left_while_its_process_is_still_a_zombie()
    {
        using var dir = Seeded();
        // A killed export whose parent never waits for it (a shell that ran it under `timeout`, which
        // the same signal killed): the writer stays a zombie, and its leftover is still in the way.
        using var parent = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-c", "sleep 60 & echo $!; exec sleep 60"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            int writer = int.Parse(parent.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
            // Killed while the shell still runs, the writer was at times reaped by it, and no zombie was left to test.
            Assert.True(SpinWait.SpinUntil(() => File.ReadAllText($"/proc/{parent.Id}/comm").Trim() == "sleep", TimeSpan.FromSeconds(10)),
                "the shell did not become the sleep that never waits");
            using (var killed = System.Diagnostics.Process.GetProcessById(writer))
                killed.Kill();
            Assert.True(SpinWait.SpinUntil(() => File.ReadAllText($"/proc/{writer}/stat").Contains(") Z ", StringComparison.Ordinal), TimeSpan.FromSeconds(10)),
                "the killed process did not become a zombie");
            string left = dir.File($".out.parquet.{writer}.tmp");
            File.WriteAllText(left, "half a file");

            dir.Ok("export", "parquet", "/t", dir.File("out.parquet"));
            Assert.False(File.Exists(left), "the zombie writer's leftover is still there");
        }
        finally
        {
            parent.Kill();
        }
    }

    [Fact]
    public void A_dangling_symlink_gets_its_target_created()
    {
        using var dir = Seeded();
        foreach (var (name, args) in Writers)
        {
            string link = dir.File($"dangling-{Slug(name)}");
            File.CreateSymbolicLink(link, $"created-{Slug(name)}");
            dir.Ok(args(link));
            Assert.NotNull(new FileInfo(link).LinkTarget);
            Assert.True(Same(File.ReadAllBytes(dir.File($"created-{Slug(name)}")), Expected(dir, args)), name);
        }
    }

    [Fact]
    public void A_folder_or_a_symlink_to_one_is_refused_and_left_alone()
    {
        using var dir = Seeded();
        Directory.CreateDirectory(dir.File("folder"));
        File.WriteAllText(dir.File("folder/keep.txt"), "kept");
        File.CreateSymbolicLink(dir.File("folder-link"), "folder");
        foreach (var (name, args) in Writers)
        {
            foreach (string path in new[] { "folder", "folder-link" })
            {
                var error = dir.FailsJson(ErrorCode.InvalidArgument, args(path));
                Assert.Contains("is a folder", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            }
            Assert.Equal("folder", new FileInfo(dir.File("folder-link")).LinkTarget);
            Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(dir.File("folder")).Select(Path.GetFileName));
        }
    }

    [Fact]
    public async Task A_fifo_is_written_directly_to_a_concurrent_reader_and_stays_a_fifo()
    {
        using var dir = Seeded();
        foreach (var (name, args) in Writers)
        {
            string fifo = dir.File($"pipe-{Slug(name)}");
            Run("mkfifo", fifo);
            // Opening a FIFO for reading waits for the writer, so the reader runs beside the tool.
            var reader = Task.Run(() => File.ReadAllBytes(fifo));
            dir.Ok(args(fifo));
            byte[] read = await reader.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(Same(read, Expected(dir, args)), $"{name}: the reader got other contents");
            Assert.Equal("fifo", Run("stat", "-c", "%F", fifo));
        }
    }

    /// <summary>
    /// Character devices stay devices: /dev/null takes the output, /dev/full fails with io. As root the test writes to
    /// its own device nodes of the same numbers (made with mknod), so that a regression replaces those, not the
    /// machine's; a user other than root writes to /dev/null and /dev/full themselves.
    /// </summary>
    [Fact]
    public void Character_devices_are_written_directly_and_stay_devices()
    {
        using var dir = Seeded();
        bool root = Environment.UserName == "root";
        string nul = root ? dir.File("null") : "/dev/null", full = root ? dir.File("full") : "/dev/full";
        if (root)
        {
            Run("mknod", "-m", "666", nul, "c", "1", "3");
            Run("mknod", "-m", "666", full, "c", "1", "7");
        }
        foreach (var (name, args) in Writers)
        {
            dir.Ok(args(nul));
            var error = dir.FailsJson(ErrorCode.Io, args(full));
            Assert.Contains("No space left on device", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("character special file", Run("stat", "-c", "%F", nul));
            Assert.Equal("character special file", Run("stat", "-c", "%F", full));
            Assert.Empty(Directory.GetFiles(dir.Path, ".*.tmp"));
        }
    }

    [Fact]
    public void Standard_output_holds_the_file_alone()
    {
        using var dir = Seeded();
        foreach (var (name, args) in Writers)
        {
            using var process = TensorTool.Start(dir.Path, args("/dev/stdout"));
            var stdout = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(stdout);
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{name}: {process.StandardError.ReadToEnd()}");
            Assert.True(Same(stdout.ToArray(), Expected(dir, args)), $"{name}: stdout held other contents");
        }
    }

    [Fact]
    public void Standard_output_redirected_to_a_file_is_written_through_the_redirection()
    {
        using var dir = Seeded();
        File.WriteAllText(dir.File("log.csv"), "first line\n");
        string tool = $"dotnet '{TensorTool.Path}'";
        Run("sh", "-c", $"cd '{dir.Path}' && {tool} export csv /t /dev/stdout >> log.csv && {tool} export csv /t /dev/stdout > only.csv");
        string csv = File.ReadAllText(Expected(dir, f => ["export", "csv", "/t", f]));
        Assert.Equal("first line\n" + csv, File.ReadAllText(dir.File("log.csv")));
        Assert.Equal(csv, File.ReadAllText(dir.File("only.csv")));
    }

    [Fact]
    public void Export_zarr_writes_into_the_folder_a_symlink_names_and_refuses_what_is_not_a_folder()
    {
        using var dir = Seeded();
        Directory.CreateDirectory(dir.File("stores/empty"));
        File.CreateSymbolicLink(dir.File("store-link"), "stores/empty");
        dir.Ok("export", "zarr", "/grid", "store-link");
        Assert.Equal("stores/empty", new FileInfo(dir.File("store-link")).LinkTarget);
        Assert.True(File.Exists(dir.File("stores/empty/zarr.json")));

        File.WriteAllText(dir.File("plain.txt"), "kept");
        Run("mkfifo", dir.File("pipe"));
        foreach (string path in new[] { "plain.txt", "pipe" })
            dir.FailsJson(ErrorCode.InvalidArgument, "export", "zarr", "/grid", path);
        Assert.Equal("kept", File.ReadAllText(dir.File("plain.txt")));
        Assert.Equal("fifo", Run("stat", "-c", "%F", dir.File("pipe")));
    }

    /// <summary>A repository with a group /t (int64 column x and str column s, keys 0..2) and a 2x3 float32 array /grid, committed.</summary>
    private static TempDir Seeded()
    {
        var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        File.WriteAllText(dir.File("t.csv"), "x,s\n10,ten\n11,eleven\n12,twelve\n");
        dir.Ok("import", "csv", "t.csv", "--into", "/t");
        dir.Ok("array", "add", "/grid", "--shape", "2,3", "--chunks", "1,3", "--dtype", "float32");
        Npy.Write(dir.File("grid.npy"), new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        dir.Ok("array", "write", "/grid", "--npy", "grid.npy");
        dir.Ok("commit", "-m", "seed");
        return dir;
    }

    /// <summary>What the command writes to a plain new file (made once per command).</summary>
    private static string Expected(TempDir dir, Func<string, string[]> args)
    {
        string path = dir.File($"expected-{Slug(string.Join('-', args("x").Take(3)))}");
        if (!File.Exists(path))
            dir.Ok(args(path));
        return path;
    }

    /// <summary>
    /// Whether <paramref name="written"/> holds what the file <paramref name="expected"/> does: the same bytes, or for an
    /// .npz (whose zip records times, and data descriptors when written to a pipe) the same arrays.
    /// </summary>
    private static bool Same(byte[] written, string expected)
    {
        if (!expected.Contains("npz", StringComparison.Ordinal))
            return written.SequenceEqual(File.ReadAllBytes(expected));
        var actual = NpzReader.ReadAll(new MemoryStream(written));
        var wanted = NpzReader.ReadAll(File.OpenRead(expected));
        return actual.Keys.Order().SequenceEqual(wanted.Keys.Order())
            && actual.All(a => a.Value.Data.Span.SequenceEqual(wanted[a.Key].Data.Span) && a.Value.ShapeSpan.SequenceEqual(wanted[a.Key].ShapeSpan));
    }

    private static string Slug(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);

    private static string Run(string program, params string[] arguments) => ExternalProgram.Run(program, arguments).Trim();
}
