using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Formats.NumPy;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>Tessera writes .npy/.npz files; numpy (tests/oracles/numpy/check_tessera_output.py) must load them bit for bit.</summary>
public sealed class NumPyWriteOracleTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tessera-npy-out-").FullName;
    private readonly List<object> manifest = [];

    [Fact]
    public void Numpy_loads_every_array_Tessera_writes()
    {
        var arrays = TestArrays.All(seed: 7).ToList();
        foreach (var (name, array) in arrays)
        {
            NpyWriter.WriteFile(Path.Combine(this.directory, name + ".npy"), array);
            Expect(name + ".npy", null, new Dictionary<string, object> { [""] = Describe(array) });
        }
        WriteArchive("stored.npz", NpzCompression.Stored, arrays);
        WriteArchive("deflated.npz", NpzCompression.Deflated, arrays);

        Assert.Equal(arrays.Count * 3, CheckWithNumPy());
    }

    [Fact]
    public void Numpy_loads_arrays_Tessera_streamed_sample_by_sample()
    {
        var random = new Random(11);
        NpyArray array = TestArrays.Numeric(NpyDtype.Float64, [1000, 3, 5], random);
        string file = "streamed.npy";
        using (var writer = new NpyStreamWriter(File.Create(Path.Combine(this.directory, file)), array.Dtype, array.ShapeSpan))
        {
            Span<double> values = array.AsSpan<double>();
            for (int sample = 0; sample < 1000; sample++)
                writer.WriteSamples<double>(values.Slice(sample * 15, 15));
            writer.Complete();
        }
        Expect(file, null, new Dictionary<string, object> { [""] = Describe(array) });

        using (var npz = NpzWriter.CreateFile(Path.Combine(this.directory, "streamed.npz"), NpzCompression.Deflated))
        using (NpyStreamWriter member = npz.OpenArray("x", array.Dtype, array.ShapeSpan))
        {
            foreach (ReadOnlyMemory<byte> chunk in array.Data.Chunk(15 * 8 * 7))
                member.WriteSamples(chunk.Span);
            member.Complete();
        }
        Expect("streamed.npz", "deflated", new Dictionary<string, object> { ["x"] = Describe(array) });

        Assert.Equal(2, CheckWithNumPy());
    }

    public void Dispose() => Directory.Delete(this.directory, recursive: true);

    private void WriteArchive(string file, NpzCompression compression, List<(string Name, NpyArray Array)> arrays)
    {
        using (var npz = NpzWriter.CreateFile(Path.Combine(this.directory, file), compression))
        {
            foreach (var (name, array) in arrays)
                npz.Write(name, array);
        }
        Expect(file, compression == NpzCompression.Stored ? "stored" : "deflated",
            arrays.ToDictionary(a => a.Name, a => (object)Describe(a.Array)));
    }

    private void Expect(string file, string? compression, Dictionary<string, object> arrays) =>
        this.manifest.Add(new { file, compression, arrays });

    private static object Describe(NpyArray array) => new
    {
        descr = array.Dtype.Descr,
        shape = array.Shape,
        sha256 = Convert.ToHexStringLower(SHA256.HashData(array.Data.Span)),
    };

    /// <summary>Runs numpy over the manifest; fails with numpy's findings, returns how many arrays it checked.</summary>
    private int CheckWithNumPy()
    {
        string manifestPath = Path.Combine(this.directory, "manifest.json");
        File.WriteAllText(manifestPath, JsonSerializer.Serialize(this.manifest));
        using JsonDocument result = JsonDocument.Parse(SystemPython.RunNumPyScript("check_tessera_output.py", manifestPath));
        Assert.Empty(result.RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetString()));
        return result.RootElement.GetProperty("checked").GetInt32();
    }
}
