using System.Text.Json.Nodes;
using Tessera.Formats.Tests.TestSupport;
using Tessera.Formats.Zarr;

namespace Tessera.Formats.Tests.Zarr;

/// <summary>Stores zarrita writes (gzip, zstd, big-endian, transpose, crc32c, sharding, missing chunks) import as zarrita reads them.</summary>
public class ZarritaWrittenStoreTests
{
    [Fact]
    public void Every_node_imports_with_the_elements_zarrita_reads()
    {
        using var t = new ZarrRepo();
        string store = t.Store("zarrita");
        NodeOracle.Run("zarrita-write.mjs", store);
        var expected = ZarrRepo.ReadWithZarrita(store);

        ZarrImportResult result;
        using (var writer = t.Repo.OpenWriter())
        {
            result = ZarrImporter.Import(writer, store, "/z");
            writer.Commit("import zarr");
        }

        var checkout = t.Repo.Checkout("HEAD");
        Assert.Equal(expected.Count, result.Groups + result.Arrays);
        Assert.Equal(7, result.Arrays);
        foreach (var (path, node) in expected)
        {
            string tesseraPath = path == "/" ? "/z" : "/z" + path;
            var info = checkout.Node(tesseraPath);
            Assert.True(JsonNode.DeepEquals(node["attributes"], info.Attributes), $"attributes of {path}: {info.Attributes.ToJsonString()}");
            if (node["kind"]!.GetValue<string>() == "group")
            {
                Assert.Equal(NodeKind.Group, info.Kind);
                continue;
            }
            var schema = info.Array!;
            Assert.Equal(node["dtype"]!.GetValue<string>(), schema.DType.Name());
            Assert.Equal(node["shape"]!.AsArray().Select(d => d!.GetValue<long>()), schema.Shape);
            Assert.Equal(node["chunks"]!.AsArray().Select(d => d!.GetValue<int>()), schema.Chunks);
            Assert.Equal(node["sha256"]!.GetValue<string>(), ZarrRepo.Sha256(checkout.Array(tesseraPath)));
        }
        Assert.True(double.IsNaN(checkout.Node("/z/grid/f32").Array!.FillValue));
        // Chunks of the fill value are not stored: f32's last chunk row was never written.
        Assert.Equal(6, checkout.Node("/z/grid/f32").Count);
        Assert.Equal([-2500, -1500, -500, 500, 1500, 2500, -1, -1, -1, -1], checkout.Array("/z/i16").Read<short>());
        Assert.Equal((ushort)7, checkout.Array("/z/sharded").Read<ushort>(Slice.Index(3), Slice.Index(3))[0]);
    }
}
