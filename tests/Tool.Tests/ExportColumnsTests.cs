using Tessera.Formats.NumPy;
using Tessera.Formats.Parquet.Reading;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// <c>export --columns</c> picks columns in the order given; without it, columns come in node order. Nested columns
/// are refused with the way out (<c>keys</c>, <c>get KEY/SUBKEY</c>, <c>--columns</c>), and <c>keys</c> lists them.
/// </summary>
public class ExportColumnsTests
{
    [Fact]
    public void Columns_are_exported_in_the_order_given_or_in_node_order()
    {
        using var dir = Group();
        dir.Ok("export", "parquet", "/t", "all.parquet");
        Assert.Equal(["key", "a", "b", "c"], ParquetColumns(dir.File("all.parquet")));
        var picked = dir.Ok("export", "parquet", "/t", "picked.parquet", "--columns", "c,a", "--json").Json;
        Assert.Equal(["/t/c", "/t/a"], picked.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["key", "c", "a"], ParquetColumns(dir.File("picked.parquet")));

        dir.Ok("export", "csv", "/t", "picked.csv", "--columns", "b, a");
        Assert.Equal("key,b,a", File.ReadLines(dir.File("picked.csv")).First());
        dir.Ok("export", "npz", "/t", "picked.npz", "--columns", "c");
        Assert.Equal(["c"], NpzReader.OpenFile(dir.File("picked.npz")).Names);

        var missing = dir.FailsJson(ErrorCode.NodeNotFound, "export", "csv", "/t", "x.csv", "--columns", "a,zz").GetProperty("message").GetString()!;
        Assert.Contains("/t has no column 'zz' (--columns) in the staging area. Its columns are: a, b, c.", missing, StringComparison.Ordinal);
        dir.FailsJson(ErrorCode.Usage, "export", "csv", "/t", "x.csv", "--columns", "a,a");
        dir.FailsJson(ErrorCode.Usage, "export", "csv", "/t/a", "x.csv", "--columns", "a");
        dir.Fails(ErrorCode.Usage, "export", "npy", "/t/a", "x.npy", "--columns", "a");
        Assert.False(File.Exists(dir.File("x.csv")));
    }

    [Fact]
    public void A_nested_column_is_refused_with_the_way_out_and_the_way_out_works()
    {
        using var dir = Group();
        dir.Ok("column", "add", "/t/n", "--kind", "str", "--nested");
        dir.Ok("put", "/t/n", "1/0", "--text", "first");
        dir.Ok("put", "/t/n", "1/1", "--text", "second");
        foreach (var (format, path) in new[] { ("csv", "/t"), ("parquet", "/t"), ("npz", "/t"), ("npy", "/t/n"), ("parquet", "/t/n") })
        {
            string message = dir.FailsJson(ErrorCode.InvalidSchema, "export", format, path, $"out.{format}").GetProperty("message").GetString()!;
            Assert.Contains("Column /t/n is nested (KEY/SUBKEY)", message, StringComparison.Ordinal);
            Assert.Contains("'dotnet tensor keys /t/n'", message, StringComparison.Ordinal);
            Assert.Contains("'dotnet tensor get /t/n KEY/SUBKEY'", message, StringComparison.Ordinal);
            if (path == "/t")
                Assert.Contains("--columns a,b,c", message, StringComparison.Ordinal);
        }

        Assert.Equal(["1/0", "1/1"], dir.Ok("keys", "/t/n").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("second", dir.Ok("get", "/t/n", "1/1").Stdout.TrimEnd('\n'));
        dir.Ok("export", "csv", "/t", "flat.csv", "--columns", "a,b,c");
        Assert.Contains("List its keys with 'dotnet tensor keys /t/n'", dir.FailsJson(ErrorCode.InvalidKey, "get", "/t/n", "1").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_lists_a_columns_keys_or_an_arrays_chunks_as_staged_or_at_a_revision()
    {
        using var dir = Group();
        dir.Ok("commit", "-m", "t");
        dir.Ok("put", "/t/a", "cat", "--text", "a cat");
        Assert.Equal(["0", "1", "2", "cat"], dir.Ok("keys", "/t/a").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["0", "1", "2"], dir.Ok("keys", "/t/a", "--rev", "HEAD").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var page = dir.Ok("keys", "/t/a", "--limit", "2", "--json").Json;
        Assert.Equal(4, page.GetProperty("total").GetInt64());
        Assert.Equal(["0", "1"], page.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));

        dir.Ok("array", "add", "/grid", "--shape", "4,4", "--chunks", "2,2", "--dtype", "int8");
        Npy.Write(dir.File("block.npy"), new sbyte[] { 1, 2, 3, 4 }, 2, 2);
        dir.Ok("array", "write", "/grid", "2:4, 0:2", "--npy", "block.npy");
        Assert.Equal("1/0", dir.Ok("keys", "/grid").Stdout.TrimEnd('\n'));
        dir.FailsJson(ErrorCode.InvalidArgument, "keys", "/t");
        dir.FailsJson(ErrorCode.NodeNotFound, "keys", "/grid", "--rev", "HEAD");
    }

    /// <summary>A group /t whose str columns c, a, b (created in that order) hold keys 0..2, staged.</summary>
    private static TempDir Group()
    {
        var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        foreach (string column in new[] { "c", "a", "b" })
        {
            dir.Ok("column", "add", $"/t/{column}", "--kind", "str");
            for (int key = 0; key < 3; key++)
                dir.Ok("put", $"/t/{column}", $"{key}", "--text", $"{column}{key}");
        }
        return dir;
    }

    private static List<string> ParquetColumns(string file)
    {
        using var reader = ParquetReader.Open(file);
        return [.. reader.Schema.Root.Children.Select(f => f.Name)];
    }
}
