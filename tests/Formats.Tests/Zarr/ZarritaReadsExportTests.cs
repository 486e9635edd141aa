using System.Text.Json.Nodes;
using Tessera.Formats.Zarr;

namespace Tessera.Formats.Tests.Zarr;

/// <summary>What Tessera exports, zarrita reads identically: elements, shapes, chunks, fill values, attributes.</summary>
public class ZarritaReadsExportTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Zarrita_reads_every_exported_array_bit_for_bit(bool gzip)
    {
        using var t = new ZarrRepo();
        Build(t.Repo);
        string store = t.Store("export");

        var result = ZarrExporter.Export(t.Repo, "/data", store, new ZarrExportOptions { Gzip = gzip });

        Assert.Equal(["/data/names"], result.SkippedColumns);
        var read = ZarrRepo.ReadWithZarrita(store);
        var checkout = t.Repo.Checkout("HEAD");
        Assert.Equal(["/", "/f32", "/grid", "/grid/cube", "/grid/flags", "/grid/i8", "/u64"], read.Keys.Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"title":"export","tags":["a","b"],"_tessera_omitted_columns":{"names":"a str column: Zarr arrays hold numbers"}}"""), read["/"]["attributes"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"units":"K"}"""), read["/f32"]["attributes"]));
        foreach (var (path, node) in read.Where(n => n.Value["kind"]!.GetValue<string>() == "array"))
        {
            var array = checkout.Array("/data" + path);
            Assert.Equal(array.Schema.DType.Name(), node["dtype"]!.GetValue<string>());
            Assert.Equal(array.Shape, node["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
            Assert.Equal(array.Schema.Chunks, node["chunks"]!.AsArray().Select(d => d!.GetValue<int>()));
            Assert.Equal(ZarrRepo.Sha256(array), node["sha256"]!.GetValue<string>());
        }
        Assert.Equal("NaN", read["/f32"]["fillValue"]!.GetValue<string>());
        Assert.Equal("-Infinity", read["/grid/cube"]["fillValue"]!.GetValue<string>());
        Assert.False(read["/grid/flags"]["fillValue"]!.GetValue<bool>());
        // Only stored chunks are written; fill-only chunks are left to the reader.
        int stored = (int)checkout.Node("/data/f32").Count;
        Assert.Equal(stored, Directory.GetFiles(Path.Combine(store, "f32", "c"), "*", SearchOption.AllDirectories).Length);
        Assert.Equal(result.Chunks, checkout.Nodes.Where(n => n.Kind == NodeKind.Array).Sum(n => n.Count));
    }

    [Fact]
    public void An_export_imports_back_unchanged_including_dtypes_zarrita_lacks()
    {
        using var t = new ZarrRepo();
        using (var writer = t.Repo.OpenWriter())
        {
            var c64 = writer.CreateArray("/x/c64", new ArraySchema(DType.Complex64, [3, 5], [2, 2], 1.5));
            c64.WriteBytes(Enumerable.Range(0, 3 * 8).Select(i => (byte)(i * 5)).ToArray(), Slice.Index(1), Slice.Range(0, 3));
            var f16 = writer.CreateArray("/x/f16", new ArraySchema(DType.Float16, [7], [3], double.PositiveInfinity));
            f16.Write(new[] { (Half)1.5, (Half)(-2), Half.NaN }, Slice.Range(2, 5));
            writer.SetAttribute("/x/f16", ZarrImporter.DimensionNamesAttribute, new JsonArray("time"));
            writer.Commit("odd dtypes");
        }
        string store = t.Store("roundtrip");
        ZarrExporter.Export(t.Repo, "/x", store, new ZarrExportOptions());
        Assert.Equal("time", JsonNode.Parse(File.ReadAllText(Path.Combine(store, "f16", "zarr.json")))!["dimension_names"]![0]!.GetValue<string>());

        using (var writer = t.Repo.OpenWriter())
        {
            ZarrImporter.Import(writer, store, "/back");
            writer.Commit("back");
        }
        var checkout = t.Repo.Checkout("HEAD");
        foreach (var name in new[] { "c64", "f16" })
        {
            Assert.Equal(checkout.Node($"/x/{name}").Array, checkout.Node($"/back/{name}").Array);
            Assert.Equal(checkout.Array($"/x/{name}").ReadBytes(), checkout.Array($"/back/{name}").ReadBytes());
            Assert.True(JsonNode.DeepEquals(checkout.Node($"/x/{name}").Attributes, checkout.Node($"/back/{name}").Attributes));
        }
    }

    [Fact]
    public void Columns_of_fixed_shape_samples_export_as_arrays_along_a_key_axis_and_others_are_named_in_their_group()
    {
        using var t = new ZarrRepo();
        var keys = new SampleKey[] { 3, 10, 11, "a", "b" };
        using (var writer = t.Repo.OpenWriter())
        {
            // 4 KiB samples: 256 to a chunk of about 1 MiB, so 300 keys take two chunks, the second partly past the last key.
            var images = writer.CreateColumn("/set/images", ColumnSchema.NDArray(DType.Float32, 32, 32));
            images.AddRange<float>(Enumerable.Range(0, 300).Select(i => SampleKey.Of(i)).ToArray(), Enumerable.Range(0, 300 * 1024).Select(i => i * 0.5f).ToArray());
            var labels = writer.CreateColumn("/set/labels", ColumnSchema.NDArray(DType.Int16));
            labels.AddRange<short>(keys, new short[] { 7, -1, 0, 300, 5 });
            writer.SetAttribute("/set/labels", "units", JsonValue.Create("class"));
            writer.CreateColumn("/set/sizes", ColumnSchema.VariableNDArray(DType.UInt8, 4));
            writer.CreateColumn("/set/names", ColumnSchema.Str());
            writer.Commit("columns");
        }
        string store = t.Store("columns");

        var result = ZarrExporter.Export(t.Repo, "/set", store, new ZarrExportOptions { Revision = "main" });

        Assert.Equal(["/set/names", "/set/sizes"], result.SkippedColumns);
        Assert.Equal((1, 2, 3L), (result.Groups, result.Arrays, result.Chunks));
        var read = ZarrRepo.ReadWithZarrita(store);
        var checkout = t.Repo.Checkout("main");
        Assert.Equal(["/", "/images", "/labels"], read.Keys.Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"names":"a str column: Zarr arrays hold numbers","sizes":"samples of variable shape"}"""), read["/"]["attributes"]!["_tessera_omitted_columns"]));
        Assert.Equal([300L, 32, 32], read["/images"]["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Equal([256, 32, 32], read["/images"]["chunks"]!.AsArray().Select(d => d!.GetValue<int>()));
        Assert.Equal(Sha256(checkout.Column("/set/images").ReadBatch<float>(Enumerable.Range(0, 300).Select(i => SampleKey.Of(i)).ToArray())), read["/images"]["sha256"]!.GetValue<string>());
        Assert.Equal([5L], read["/labels"]["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"units":"class","_tessera_keys":[3,10,11,"a","b"]}"""), read["/labels"]["attributes"]));
        Assert.Equal(Sha256(checkout.Column("/set/labels").ReadBatch<short>(keys)), read["/labels"]["sha256"]!.GetValue<string>());
        Assert.Equal("key", JsonNode.Parse(File.ReadAllText(Path.Combine(store, "images", "zarr.json")))!["dimension_names"]![0]!.GetValue<string>());
    }

    private static string Sha256<T>(T[] values) where T : unmanaged =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())));

    private static void Build(Repository repo)
    {
        using var writer = repo.OpenWriter();
        writer.CreateGroup("/data");
        writer.SetAttribute("/data", "title", JsonValue.Create("export"));
        writer.SetAttribute("/data", "tags", new JsonArray("a", "b"));
        // float32 with NaN fill, only part written: some chunks are never stored.
        var f32 = writer.CreateArray("/data/f32", new ArraySchema(DType.Float32, [9, 7], [4, 3], double.NaN));
        f32.Write(Enumerable.Range(0, 5 * 4).Select(i => (float)(i * 0.25 - 3)).ToArray(), Slice.Range(2, 7), Slice.Range(3, 7));
        writer.SetAttribute("/data/f32", "units", JsonValue.Create("K"));
        var u64 = writer.CreateArray("/data/u64", new ArraySchema(DType.UInt64, [5], [2], 3));
        u64.Write(new[] { ulong.MaxValue, 0UL, 1UL << 60, 12345UL, 9UL });
        var cube = writer.CreateArray("/data/grid/cube", new ArraySchema(DType.Float64, [3, 4, 5], [2, 3, 2], double.NegativeInfinity));
        cube.Write(Enumerable.Range(0, 60).Select(i => Math.Sin(i) * 1e6).ToArray());
        var i8 = writer.CreateArray("/data/grid/i8", new ArraySchema(DType.Int8, [11], [4], -5));
        i8.Write(new sbyte[] { -128, 127, 0, 1, -5, 6, 7 }, Slice.Range(1, 8));
        var flags = writer.CreateArray("/data/grid/flags", new ArraySchema(DType.Bool, [6], [4]));
        flags.Write(new[] { true, false, true }, Slice.Range(3, 6));
        writer.CreateColumn("/data/names", ColumnSchema.Str()).AddString(0, "zero");
        writer.Commit("arrays to export");
    }
}
