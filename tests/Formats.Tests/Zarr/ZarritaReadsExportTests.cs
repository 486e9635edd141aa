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

        Assert.Equal(["/data/labels"], result.SkippedColumns);
        var read = ZarrRepo.ReadWithZarrita(store);
        var checkout = t.Repo.Checkout("HEAD");
        Assert.Equal(["/", "/f32", "/grid", "/grid/cube", "/grid/flags", "/grid/i8", "/u64"], read.Keys.Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"title":"export","tags":["a","b"]}"""), read["/"]["attributes"]));
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
        writer.CreateColumn("/data/labels", ColumnSchema.NDArray(DType.Int64)).Add(0, new[] { 5L });
        writer.Commit("arrays to export");
    }
}
