using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary><c>array add|write|read|resize</c>, chunk listings in status/diff/tree, and Zarr export/import through the tool.</summary>
public class ArrayCommandTests
{
    [Fact]
    public void Arrays_are_created_written_by_slices_read_back_and_listed_by_chunk()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        dir.Ok("array", "add", "/grid/a", "--shape", "6,5", "--chunks", "4,2", "--dtype", "float32", "--fill", "nan");
        dir.Ok("commit", "-m", "array");
        Npy.Write(dir.File("rows.npy"), Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), 2, 5);
        dir.Ok("array", "write", "/grid/a", "3:5, :", "--npy", "rows.npy");

        var status = dir.Ok("status", "--chunks").Stdout;
        Assert.Contains("+0/0 +0/1 +0/2 +1/0 +1/1 +1/2", status, StringComparison.Ordinal);
        Assert.Contains("+ 1/2", dir.Ok("diff", "--chunks").Stdout, StringComparison.Ordinal);
        dir.Ok("commit", "-m", "rows");

        var read = dir.Ok("--json", "array", "read", "/grid/a", ":, 1").Json;
        Assert.Equal([6], read.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("[\"NaN\",\"NaN\",\"NaN\",1,6,\"NaN\"]", read.GetProperty("values").GetRawText());
        dir.Ok("array", "read", "/grid/a", "3:5", "--out", "back.npy");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), Npy.Read(dir.File("back.npy")).AsSpan<float>().ToArray());

        var node = dir.Ok("--json", "tree").Json.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("path").GetString() == "/grid/a");
        var array = node.GetProperty("array");
        Assert.Equal(("array", "float32", 6, "nan"), (node.GetProperty("kind").GetString(), array.GetProperty("dtype").GetString(), node.GetProperty("count").GetInt32(), array.GetProperty("fill").GetString()));
        Assert.Contains("chunks (4, 2) fill nan  6 chunk(s) stored", dir.Ok("tree").Stdout, StringComparison.Ordinal);

        dir.Ok("array", "resize", "/grid/a", "--shape", "4,5");
        dir.Ok("commit", "-m", "shrink");
        Assert.Equal(3, dir.Ok("--json", "tree").Json.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("path").GetString() == "/grid/a").GetProperty("count").GetInt32());
    }

    [Fact]
    public void Bad_array_input_gets_its_exit_code_and_changes_nothing()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        dir.FailsJson(ErrorCode.InvalidSchema, "array", "add", "/a", "--shape", "10,10", "--chunks", "5", "--dtype", "int8");
        dir.FailsJson(ErrorCode.InvalidSchema, "array", "add", "/a", "--shape", "10", "--chunks", "5", "--dtype", "int8", "--fill", "nan");
        dir.Ok("array", "add", "/a", "--shape", "10", "--chunks", "5", "--dtype", "int32");
        dir.Ok("commit", "-m", "a");
        Npy.Write(dir.File("three.npy"), new[] { 1, 2, 3 }, 3);
        Npy.Write(dir.File("floats.npy"), new[] { 1f, 2, 3 }, 3);
        dir.FailsJson(ErrorCode.OutOfBounds, "array", "read", "/a", "0:11");
        dir.FailsJson(ErrorCode.ShapeMismatch, "array", "write", "/a", "0:4", "--npy", "three.npy");
        dir.FailsJson(ErrorCode.DTypeMismatch, "array", "write", "/a", "0:3", "--npy", "floats.npy");
        dir.FailsJson(ErrorCode.OutOfBounds, "array", "write", "/a", "8:11", "--npy", "three.npy");
        dir.FailsJson(ErrorCode.ShapeMismatch, "array", "resize", "/a", "--shape", "10,2");
        Assert.Contains("Nothing staged.", dir.Ok("status").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Zarr_export_and_import_round_trip_through_the_tool()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        dir.Ok("array", "add", "/g/a", "--shape", "5", "--chunks", "2", "--dtype", "int16", "--fill", "-1");
        Npy.Write(dir.File("v.npy"), new short[] { 4, 5 }, 2);
        dir.Ok("array", "write", "/g/a", "1:3", "--npy", "v.npy");
        dir.Ok("attrs", "set", "/g", "units", "\"m\"");
        dir.Ok("column", "add", "/g/captions", "--kind", "str");
        dir.Ok("commit", "-m", "data");

        var export = dir.Ok("--json", "export", "zarr", "/g", "store", "--compression", "none").Json;
        Assert.Equal(2, export.GetProperty("chunks").GetInt32());
        Assert.Equal("/g/captions", export.GetProperty("skippedColumns")[0].GetString());
        dir.FailsJson(ErrorCode.InvalidArgument, "export", "zarr", "/g", "store");

        dir.Ok("import", "zarr", "store", "--into", "/copy");
        dir.Ok("commit", "-m", "copy");
        var values = dir.Ok("--json", "array", "read", "/copy/a").Json.GetProperty("values").GetRawText();
        Assert.Equal("[-1,4,5,-1,-1]", values);

        File.WriteAllText(dir.File("store/a/zarr.json"), File.ReadAllText(dir.File("store/a/zarr.json")).Replace("\"bytes\"", "\"blosc\"", StringComparison.Ordinal));
        var error = dir.FailsJson(ErrorCode.UnsupportedFormat, "import", "zarr", "store", "--into", "/again");
        Assert.Contains("'blosc'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Nothing staged.", dir.Ok("status").Stdout, StringComparison.Ordinal);
    }
}
