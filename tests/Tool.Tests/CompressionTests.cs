using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary><c>--compression zstd</c> on columns and arrays, through the built tool; an unknown codec changes nothing.</summary>
public class CompressionTests
{
    [Fact]
    public void Zstd_columns_and_arrays_store_and_read_back()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        dir.Ok("column", "add", "/captions", "--kind", "str", "--compression", "zstd");
        dir.Ok("array", "add", "/grid", "--shape", "40,50", "--chunks", "20,50", "--dtype", "float64", "--compression", "zstd");
        string caption = string.Concat(Enumerable.Repeat("a caption that repeats ", 10));
        dir.Ok("put", "/captions", "0", "--text", caption);
        var values = Enumerable.Range(0, 2_000).Select(i => i % 100 / 4.0).ToArray();
        Npy.Write(dir.File("grid.npy"), values, 40, 50);
        dir.Ok("array", "write", "/grid", "--npy", "grid.npy");
        dir.Ok("commit", "-m", "zstd");

        Assert.Equal(caption, dir.Ok("get", "/captions", "0").Stdout.TrimEnd('\n'));
        dir.Ok("array", "read", "/grid", "--out", "back.npy");
        Assert.Equal(values, Npy.Read(dir.File("back.npy")).AsSpan<double>().ToArray());
        var nodes = dir.Ok("--json", "tree").Json.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal("zstd", nodes.Single(n => n.GetProperty("path").GetString() == "/captions").GetProperty("schema").GetProperty("compression").GetString());
        Assert.Equal("zstd", nodes.Single(n => n.GetProperty("path").GetString() == "/grid").GetProperty("array").GetProperty("compression").GetString());
        dir.Ok("verify");
    }

    [Fact]
    public void An_unknown_compression_is_refused_naming_zstd_among_the_codecs()
    {
        using var dir = new TempDir();
        dir.Seed();
        var error = dir.FailsJson(ErrorCode.InvalidSchema, "column", "add", "/x", "--dtype", "float32", "--shape", "4", "--compression", "lz4");
        Assert.Contains("none, snappy, deflate, brotli or zstd", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(dir.Ok("--json", "tree").Json.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("path").GetString() == "/x");
    }
}
