using System.Text.Json;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// import hdf5 and export hdf5 on files Debian's h5py writes, and h5py reading what the tool writes
/// (tests/oracles/hdf5/h5py_oracle.py), the built tool run as a process.
/// </summary>
public class Hdf5Tests
{
    [Fact]
    public void An_h5py_file_imports_as_groups_chunked_arrays_and_attributes_and_exports_back_as_h5py_wrote_it()
    {
        using var dir = Repo();
        Oracle("make", dir.File("weather.h5"));

        var imported = dir.Ok("import", "hdf5", "weather.h5", "--json").Json;
        Assert.Equal("/weather", imported.GetProperty("into").GetString());
        Assert.Equal((3, 15, 2), (imported.GetProperty("groups").GetInt32(), imported.GetProperty("arrays").GetInt32(), imported.GetProperty("columns").GetInt32()));
        string tree = dir.Ok("tree").Stdout;
        Assert.Matches(@"temperature\s+float32 \(40, 6\) chunks \(16, 3\)", tree);
        Assert.Matches(@"pressure\s+float64 \(7, 5\) chunks \(4, 5\)", tree);
        Assert.Matches(@"labels\s+str", tree);
        Assert.Equal("\"K\"", dir.Ok("attrs", "get", "/weather/stations/temperature", "unit").Stdout.Trim());
        Assert.Equal("[[0,1,2],[3,4,5]]", dir.Ok("attrs", "get", "/weather", "grid").Stdout.Trim());
        Assert.Equal("ünïcode", dir.Ok("get", "/weather/labels", "2").Stdout.Trim());
        dir.Ok("commit", "-m", "weather");

        var exported = dir.Ok("export", "hdf5", "/weather", "out.h5", "--rev", "main", "--json").Json;
        Assert.Equal(64, exported.GetProperty("commit").GetString()!.Length);
        Assert.Equal(["/weather/codes (bytes samples)"], exported.GetProperty("skippedColumns").EnumerateArray().Select(s => s.GetString()));
        var check = Oracle("compare", dir.File("weather.h5"), dir.File("out.h5"));
        Assert.Equal(19, check.GetProperty("checked").GetInt32());
        Assert.Empty(check.GetProperty("failures").EnumerateArray());
    }

    [Fact]
    public void As_columns_puts_samples_along_the_first_axis_under_keys_0_to_n_minus_1_and_exports_them_as_datasets()
    {
        using var dir = Repo();
        Oracle("make", dir.File("weather.h5"));
        dir.Ok("import", "hdf5", "weather.h5", "--into", "/c", "--as-columns");
        string tree = dir.Ok("tree").Stdout;
        Assert.Matches(@"temperature\s+ndarray float32 \(6,\)\s+40 sample\(s\)", tree);
        Assert.Matches(@"answer\s+float64 \(1\)", tree);
        var keys = dir.Ok("keys", "/c/stations/ids").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), keys);
        Assert.Equal("7", dir.Ok("get", "/c/stations/ids", "7").Stdout.Split('\n')[1].Trim());

        dir.Ok("export", "hdf5", "/c", "columns.h5");
        var check = Oracle("compare", dir.File("weather.h5"), dir.File("columns.h5"), "--columns");
        Assert.Empty(check.GetProperty("failures").EnumerateArray());
    }

    [Theory]
    [InlineData("compound", "compound (struct or complex)")]
    [InlineData("reference", "reference to other objects")]
    [InlineData("vlen-of-vlen", "variable-length sequence of variable-length sequences")]
    public void Types_Tessera_does_not_map_are_refused_naming_the_dataset_and_nothing_is_staged(string kind, string named)
    {
        using var dir = Repo();
        Oracle("refused", kind, dir.File("bad.h5"));
        string message = dir.FailsJson(ErrorCode.InvalidArgument, "import", "hdf5", "bad.h5").GetProperty("message").GetString()!;
        Assert.Contains("Dataset /bad/table of bad.h5", message);
        Assert.Contains(named, message);
        Assert.Contains("nothing was imported", message);
        Assert.DoesNotContain("/bad", dir.Ok("tree").Stdout);
    }

    [Fact]
    public void A_truncated_file_or_one_that_is_not_HDF5_is_refused_naming_it()
    {
        using var dir = Repo();
        Oracle("make", dir.File("weather.h5"));
        var whole = File.ReadAllBytes(dir.File("weather.h5"));
        File.WriteAllBytes(dir.File("cut.h5"), whole[..3000]);
        File.WriteAllBytes(dir.File("text.h5"), "not HDF5 at all"u8.ToArray());
        foreach (var name in new[] { "cut.h5", "text.h5" })
        {
            string message = dir.FailsJson(ErrorCode.InvalidArgument, "import", "hdf5", name, "--into", "/x").GetProperty("message").GetString()!;
            Assert.StartsWith($"{name} is not a readable HDF5 file", message);
        }
        Assert.DoesNotContain("/x", dir.Ok("tree").Stdout);
    }

    [Fact]
    public void Columns_made_in_Tessera_export_as_datasets_h5py_reads_as_the_npy_they_came_from()
    {
        using var dir = Repo();
        var values = Enumerable.Range(0, 24).Select(i => (short)(i * 37 - 400)).ToArray();
        Npy.Write(dir.File("rows.npy"), values, 4, 2, 3);
        dir.Ok("import", "npy", "rows.npy", "--into", "/g/rows");
        dir.Ok("group", "add", "/g/sub");
        dir.Ok("attrs", "set", "/g/sub", "meta", "{\"nested\":[1,\"x\"]}");
        dir.Ok("export", "hdf5", "/g", "g.h5");
        Assert.True(Oracle("npy", dir.File("g.h5"), "rows", dir.File("rows.npy")).GetProperty("equal").GetBoolean());
        // A JSON value HDF5 has no type for is written as its JSON text, and read back as the same JSON.
        dir.Ok("import", "hdf5", "g.h5", "--into", "/back");
        Assert.Equal("\"{\\\"nested\\\":[1,\\\"x\\\"]}\"", dir.Ok("attrs", "get", "/back/sub", "meta").Stdout.Trim());
    }

    private static TempDir Repo()
    {
        var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        return dir;
    }

    private static JsonElement Oracle(params string[] arguments) => NumPyOracle.RunScript("hdf5/h5py_oracle.py", arguments);
}
