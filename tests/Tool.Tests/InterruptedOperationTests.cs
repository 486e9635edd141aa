using System.Diagnostics;
using System.Text;
using Tessera.Formats.Tests.TestSupport;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// An import (or a stacked put) is all or nothing across crashes: killed with SIGKILL midway, it
/// leaves nothing staged, status says what happened, and the next commit records none of it.
/// </summary>
public class InterruptedOperationTests
{
    private const int Side = 28;

    [Fact]
    public void An_import_killed_midway_stages_none_of_its_samples()
    {
        using var dir = new TempDir();
        string fifo = SeededWithPipe(dir);
        using var import = TensorTool.Start(dir.Path, "import", "npy", "images.npy", "--into", "/digits");
        KillHalfwayThrough(dir.Path, fifo, import, import);
        import.WaitForExit();

        var status = dir.Ok("status", "--json").Json;
        Assert.Empty(status.GetProperty("staged").EnumerateArray());
        var operation = status.GetProperty("operation");
        Assert.Equal("import NumPy .npy images.npy", operation.GetProperty("description").GetString());
        Assert.False(operation.GetProperty("running").GetBoolean());
        Assert.True(operation.GetProperty("samples").GetInt64() >= 10_000, operation.ToString());
        Assert.Contains("Interrupted: 'import NumPy .npy images.npy'", dir.Ok("status").Stdout, StringComparison.Ordinal);

        var commit = dir.Fails(ErrorCode.EmptyCommit, "commit", "-m", "half an import");
        Assert.Contains("discarded the interrupted 'import NumPy .npy images.npy'", commit.Stderr, StringComparison.Ordinal);
        Assert.Single(dir.Ok("log", "--json").Json.EnumerateArray());
        Assert.DoesNotContain("/digits", dir.Ok("tree").Stdout, StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, dir.Ok("status", "--json").Json.GetProperty("operation").ValueKind);
        dir.Ok("verify");

        // Run again in full, the import completes and commits every sample.
        Npy.Write(dir.File("all.npy"), Enumerable.Range(0, 300).SelectMany(Image).ToArray(), 300, Side, Side);
        dir.Ok("import", "npy", "all.npy", "--into", "/digits");
        dir.Ok("commit", "-m", "digits");
        Assert.Contains("300", dir.Ok("tree").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_killed_after_its_trees_wrote_pages_leaves_the_pages_as_they_were()
    {
        using var dir = new TempDir();
        dir.Seed();
        long before = RepositoryDatabase.PageRows(dir.Path);
        string fifo = dir.File("values.npy");
        Mkfifo(fifo);
        using var import = TensorTool.Start(dir.Path, "import", "npy", "values.npy", "--into", "/values");
        using (var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write))
        {
            // float64 numbers, 1,200,000 of 3,000,000 declared: the first 8 MiB batch (1,048,576
            // samples) is staged and its tree of ~4,000 leaves built and written as it goes.
            pipe.Write(NpyHeader("<f8", 3_000_000));
            var values = new byte[8 * 100_000];
            for (int part = 0; part < 12; part++)
            {
                for (int i = 0; i < 100_000; i++)
                    BitConverter.TryWriteBytes(values.AsSpan(8 * i), ((part * 100_000) + i) * 0.25);
                pipe.Write(values);
            }
            pipe.Flush();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (RepositoryDatabase.PageRows(dir.Path) < before + 1_000)
            {
                if (import.HasExited || DateTime.UtcNow > deadline)
                    Assert.Fail($"The import wrote no pages while it ran (exited: {import.HasExited}).");
                Thread.Sleep(10);
            }
            import.Kill();
        }
        import.WaitForExit();

        Assert.Contains("Interrupted: 'import NumPy .npy values.npy'", dir.Ok("status").Stdout, StringComparison.Ordinal);
        var commit = dir.Fails(ErrorCode.EmptyCommit, "commit", "-m", "half an import");
        Assert.Contains("discarded the interrupted 'import NumPy .npy values.npy'", commit.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, RepositoryDatabase.PageRows(dir.Path));
        dir.Ok("verify");
    }

    [Fact]
    public void A_writer_killed_and_never_reaped_does_not_hold_the_lock()
    {
        using var dir = new TempDir();
        string fifo = SeededWithPipe(dir);
        // The import runs under a shell that then becomes 'sleep', which never waits for its children:
        // killed, the import stays a zombie, as it would for good under a container's first process
        // that does not reap orphans.
        using var parent = TensorTool.StartVia(["sh", "-c", "\"$@\" & echo $!; exec sleep 120", "sh"], dir.Path, "import", "npy", "images.npy", "--into", "/digits");
        try
        {
            int pid = int.Parse(parent.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
            using (var import = Process.GetProcessById(pid))
                KillHalfwayThrough(dir.Path, fifo, parent, import);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, "the killed import did not become a zombie");
                Thread.Sleep(10);
            }

            Assert.Contains("stale (its process is gone", dir.Ok("status").Stdout, StringComparison.Ordinal);
            Npy.Write(dir.File("all.npy"), Enumerable.Range(0, 300).SelectMany(Image).ToArray(), 300, Side, Side);
            Assert.Contains("discarded the interrupted 'import NumPy .npy images.npy'", dir.Ok("import", "npy", "all.npy", "--into", "/digits").Stderr, StringComparison.Ordinal);
            dir.Ok("commit", "-m", "digits");
            Assert.Contains("300", dir.Ok("tree").Stdout, StringComparison.Ordinal);
        }
        finally
        {
            parent.Kill();
            parent.WaitForExit();
        }
    }

    [Fact]
    public void A_stacked_put_killed_midway_stages_none_of_its_samples()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("column", "add", "/patches", "--dtype", "uint8", "--shape", "4,4");
        dir.Ok("put", "/captions", "7", "--text", "staged before");
        const int count = 1_000_000;
        var values = new byte[count * 16];
        for (int i = 0; i < count; i++)
            BitConverter.TryWriteBytes(values.AsSpan(i * 16), i);
        Npy.Write(dir.File("patches.npy"), values, count, 4, 4);
        using var put = TensorTool.Start(dir.Path, "put", "/patches", "0", "--npy", "patches.npy", "--stacked");
        WaitForStagedRecords(dir.Path, put);
        put.Kill();
        put.WaitForExit();

        var status = dir.Ok("status", "--json").Json;
        var staged = status.GetProperty("staged").EnumerateArray().ToList();
        Assert.Contains(staged, n => n.GetProperty("path").GetString() == "/captions");
        Assert.Equal(0, staged.Single(n => n.GetProperty("path").GetString() == "/patches").GetProperty("added").GetInt32());
        Assert.Equal("put --stacked patches.npy", status.GetProperty("operation").GetProperty("description").GetString());
        dir.Ok("commit", "-m", "only what was staged before");
        Assert.Equal("staged before", dir.Ok("get", "/captions", "7").Stdout.Trim());
        dir.Fails(ErrorCode.KeyNotFound, "get", "/patches", "0");
    }

    [Fact]
    public void A_stacked_put_whose_keys_would_pass_the_largest_key_stages_nothing()
    {
        using var dir = new TempDir();
        dir.Seed();
        Npy.Write(dir.File("two.npy"), new byte[8], 2, 2, 2);
        var error = dir.FailsJson(ErrorCode.InvalidKey, "put", "/images", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), "--npy", "two.npy", "--stacked");
        Assert.Contains("largest key", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());
    }

    /// <summary>
    /// Waits until the child has flushed changes of its operation: the count it keeps in
    /// <c>stage_meta.operation_samples</c> (format section 7.2), read without a lock as any reader does.
    /// Not the staging log's length: a new column's changes are written there only as the tree its
    /// operation builds, when it completes.
    /// </summary>
    private static void WaitForStagedRecords(string repo, Process child)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (child.HasExited)
                Assert.Fail($"The command finished before it could be interrupted (exit {child.ExitCode}): {child.StandardError.ReadToEnd()}");
            if (RepositoryDatabase.Scalar(repo, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM stage_meta WHERE key = 'operation_samples'), 0) > 0") == 1)
                return;
            Thread.Sleep(2);
        }
        throw new TimeoutException("The operation staged nothing within 2 minutes.");
    }

    private static byte[] Image(int i)
    {
        var image = new byte[Side * Side];
        BitConverter.TryWriteBytes(image, i);
        image[^1] = (byte)(i * 7);
        return image;
    }

    private static byte[] NpyHeader(string descr, params long[] shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}";
        int total = 10 + dict.Length + 1;
        dict += new string(' ', (64 - total % 64) % 64) + "\n";
        var header = new List<byte> { 0x93 };
        header.AddRange("NUMPY"u8.ToArray());
        header.AddRange([1, 0, (byte)(dict.Length & 0xFF), (byte)(dict.Length >> 8)]);
        header.AddRange(Encoding.ASCII.GetBytes(dict));
        return [.. header];
    }

    private static void Mkfifo(string path) => ExternalProgram.Run("mkfifo", path);

    /// <summary>Seeds <paramref name="dir"/> and makes images.npy in it a named pipe; returns its path.</summary>
    private static string SeededWithPipe(TempDir dir)
    {
        dir.Seed();
        string fifo = dir.File("images.npy");
        Mkfifo(fifo);
        return fifo;
    }

    /// <summary>
    /// Feeds the import reading <paramref name="fifo"/> 12,000 of 20,000 declared images, more than
    /// its first 8 MiB batch, then stalls, so <paramref name="victim"/> is killed exactly while the
    /// import is half done (<paramref name="watched"/> is the process expected to stay alive until then).
    /// </summary>
    private static void KillHalfwayThrough(string repo, string fifo, Process watched, Process victim)
    {
        using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        pipe.Write(NpyHeader("|u1", 20_000, Side, Side));
        for (int i = 0; i < 12_000; i++)
            pipe.Write(Image(i));
        pipe.Flush();
        WaitForStagedRecords(repo, watched);
        victim.Kill();
    }
}
