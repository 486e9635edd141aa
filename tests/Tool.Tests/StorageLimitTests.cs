using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// A repository on a disk that fills up, and one this user may only read: reads keep working,
/// failures say what is wrong (io, not corruption), and no lock or half-import is left behind.
/// </summary>
public class StorageLimitTests
{
    [Fact]
    public void An_import_that_fills_the_disk_leaves_nothing_and_frees_its_space()
    {
        using var dir = new TempDir();
        using var disk = Mount.Tmpfs(dir.File("disk"), megabytes: 24);
        var repo = TempDir.At(Path.Combine(disk.Path, "repo"));
        repo.Seed();
        long freeBefore = disk.FreeBytes;
        // 40,000 distinct 28x28 images: 31 MB, more than the disk holds.
        var images = new byte[40_000 * 784];
        for (int i = 0; i < 40_000; i++)
            BitConverter.TryWriteBytes(images.AsSpan(i * 784), i);
        Npy.Write(dir.File("big.npy"), images, 40_000, 28, 28);

        var error = repo.FailsJson(ErrorCode.Io, "import", "npy", dir.File("big.npy"), "--into", "/digits");
        Assert.Contains("The disk is full", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, repo.Ok("lock", "status", "--json").Json.ValueKind);
        var status = repo.Ok("status", "--json").Json;
        Assert.Empty(status.GetProperty("staged").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("operation").ValueKind);
        // The import's pack bytes are given back at once (not left for gc): within the reserve of free space.
        Assert.True(disk.FreeBytes >= freeBefore - (5 << 20), $"{disk.FreeBytes} bytes free after the failed import, {freeBefore} before");
        repo.Ok("verify");
        repo.Ok("import", "npy", dir.File("big.npy") is var _ ? WriteSmall(dir) : "", "--into", "/digits");
        repo.Ok("commit", "-m", "a small import fits");
    }

    [Fact]
    public void On_a_full_disk_reads_reset_and_gc_work_and_a_failed_write_leaves_no_lock()
    {
        using var dir = new TempDir();
        using var disk = Mount.Tmpfs(dir.File("disk"), megabytes: 32);
        var repo = TempDir.At(Path.Combine(disk.Path, "repo"));
        repo.Seed();
        repo.Ok("put", "/captions", "5", "--text", "staged before the disk filled up");
        disk.Fill(Path.Combine(disk.Path, "filler"));
        Assert.Equal(0, disk.FreeBytes);

        Assert.Contains("caption 1", repo.Ok("get", "/captions", "1", "--rev", "HEAD").Stdout, StringComparison.Ordinal);
        repo.Ok("log");
        repo.Ok("status");
        // Larger than the room the repository's reserve gives back when the first write needs it.
        var image = new byte[8 << 20];
        Random.Shared.NextBytes(image);
        File.WriteAllBytes(dir.File("noise.bin"), image);
        repo.Ok("column", "add", "/blobs", "--kind", "bytes");
        var put = repo.FailsJson(ErrorCode.Io, "put", "/blobs", "0", "--file", dir.File("noise.bin"));
        Assert.Contains("disk is full", put.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, repo.Ok("lock", "status", "--json").Json.ValueKind);
        repo.Ok("reset");
        Assert.Empty(repo.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());
        repo.Ok("gc");
        repo.Ok("verify");
    }

    [Fact]
    public void A_repository_on_a_read_only_mount_can_be_read_and_says_why_it_cannot_be_written()
    {
        using var dir = new TempDir();
        var repo = TempDir.At(dir.File("repo"));
        repo.Seed();
        repo.Ok("put", "/captions", "9", "--text", "staged, not committed");
        using var view = Mount.ReadOnlyView(repo.Path, dir.File("view"));
        var reader = TempDir.At(view.Path);

        Assert.Contains("caption 2", reader.Ok("get", "/captions", "2").Stdout, StringComparison.Ordinal);
        Assert.Contains("staged, not committed", reader.Ok("get", "/captions", "9").Stdout, StringComparison.Ordinal);
        Assert.Single(reader.Ok("log", "--json").Json.EnumerateArray());
        Assert.NotEmpty(reader.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());
        reader.Ok("diff");
        reader.Ok("tree");
        reader.Ok("verify");
        reader.Ok("export", "npy", "/images", dir.File("out.npy"));

        var put = reader.FailsJson(ErrorCode.Io, "put", "/captions", "10", "--text", "no");
        Assert.Contains("read-only", put.GetProperty("message").GetString(), StringComparison.Ordinal);
        reader.FailsJson(ErrorCode.Io, "branch", "elsewhere");
        reader.FailsJson(ErrorCode.Io, "commit", "-m", "no");
    }

    private static string WriteSmall(TempDir dir)
    {
        Npy.Write(dir.File("small.npy"), Enumerable.Range(0, 100 * 784).Select(i => (byte)(i / 7)).ToArray(), 100, 28, 28);
        return dir.File("small.npy");
    }
}
