using Tessera.Formats.NumPy;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// Every read reads the staging area unless given <c>--rev REF</c>, as <c>get</c> does: <c>export</c> (all formats,
/// zarr too) and <c>array read</c>. Their JSON names the commit read, or null for the staging area.
/// </summary>
public class ReadDefaultTests
{
    [Fact]
    public void Export_reads_the_staging_area_unless_given_a_revision()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        File.WriteAllText(dir.File("t.csv"), "x,s\n10,caption 0\n11,caption 1\n");
        dir.Ok("import", "csv", "t.csv", "--into", "/t");
        dir.Ok("commit", "-m", "t");
        string head = dir.Ok("log", "--json").Json[0].GetProperty("id").GetString()!;
        // Nothing staged: the staging area is the commit, and the export names it.
        Assert.Equal(head, dir.Ok("export", "csv", "/t", "clean.csv", "--json").Json.GetProperty("commit").GetString());
        Assert.Contains($"Exported /t at {head[..12]}", dir.Ok("export", "parquet", "/t", "clean.parquet").Stdout, StringComparison.Ordinal);
        dir.Ok("put", "/t/s", "1", "--text", "staged caption");
        dir.Ok("column", "add", "/fresh/n", "--dtype", "int32", "--shape", "()");
        Npy.Write(dir.File("n.npy"), new[] { 7, 8 }, 2);
        dir.Ok("put", "/fresh/n", "0", "--npy", "n.npy", "--stacked");

        var staged = dir.Ok("export", "npz", "/t", "staged.npz", "--json").Json;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, staged.GetProperty("commit").ValueKind);
        Assert.Equal("staged caption", Captions("staged.npz")[1]);
        Assert.Contains("from the staging area", dir.Ok("export", "npy", "/fresh/n", "n-out.npy").Stdout, StringComparison.Ordinal);
        Assert.Equal([7, 8], Npy.Read(dir.File("n-out.npy")).Data.ToArray().Chunk(4).Select(b => BitConverter.ToInt32(b)));

        var committed = dir.Ok("export", "npz", "/t", "committed.npz", "--rev", "HEAD", "--json").Json;
        Assert.Equal(head, committed.GetProperty("commit").GetString());
        Assert.Equal("caption 1", Captions("committed.npz")[1]);
        dir.FailsJson(ErrorCode.NodeNotFound, "export", "npz", "/fresh", "fresh.npz", "--rev", "HEAD");
        dir.Ok("export", "npz", "/fresh", "fresh.npz");
        Assert.Equal(2, NpzReader.ReadAll(File.OpenRead(dir.File("fresh.npz")))["n"].Shape[0]);
        dir.Ok("export", "parquet", "/fresh", "fresh.parquet");

        string[] Captions(string file) => NpzReader.ReadAll(File.OpenRead(dir.File(file)))["s"].GetStrings();
    }

    [Fact]
    public void Array_read_and_export_zarr_read_the_staging_area_unless_given_a_revision()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        dir.Ok("array", "add", "/g/a", "--shape", "2,2", "--chunks", "1,2", "--dtype", "int32");
        Npy.Write(dir.File("one.npy"), new[] { 1, 1, 1, 1 }, 2, 2);
        dir.Ok("array", "write", "/g/a", "--npy", "one.npy");
        dir.Ok("commit", "-m", "ones");
        Npy.Write(dir.File("row.npy"), new[] { 5, 6 }, 2);
        dir.Ok("array", "write", "/g/a", "1", "--npy", "row.npy");
        dir.Ok("array", "add", "/g/b", "--shape", "3", "--chunks", "3", "--dtype", "int8");

        Assert.Equal("[1,1,5,6]", dir.Ok("array", "read", "/g/a", "--json").Json.GetProperty("values").GetRawText());
        Assert.Equal("[1,1,1,1]", dir.Ok("array", "read", "/g/a", "--rev", "HEAD", "--json").Json.GetProperty("values").GetRawText());
        dir.Ok("array", "read", "/g/b");
        dir.FailsJson(ErrorCode.NodeNotFound, "array", "read", "/g/b", "--rev", "HEAD");

        var staged = dir.Ok("export", "zarr", "/g", "staged-store", "--json").Json;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, staged.GetProperty("commit").ValueKind);
        Assert.Equal(2, staged.GetProperty("arrays").GetInt32());
        var committed = dir.Ok("export", "zarr", "/g", "committed-store", "--rev", "HEAD", "--json").Json;
        Assert.Equal(1, committed.GetProperty("arrays").GetInt32());
        Assert.Equal(64, committed.GetProperty("commit").GetString()!.Length);
    }
}
