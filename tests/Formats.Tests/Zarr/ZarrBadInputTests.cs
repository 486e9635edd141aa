using System.IO.Compression;
using System.Text.Json.Nodes;
using Tessera.Formats.Zarr;

namespace Tessera.Formats.Tests.Zarr;

/// <summary>Stores Tessera cannot read are refused with an error that names the problem, and nothing stays staged.</summary>
public class ZarrBadInputTests
{
    [Fact]
    public void An_unsupported_codec_is_named_and_refused_before_anything_is_staged()
    {
        var error = ImportFails(store => Rewrite(store, "b", meta => meta["codecs"]!.AsArray().Add(new JsonObject { ["name"] = "blosc" })));
        Assert.Equal(ErrorCode.UnsupportedFormat, error.Code);
        Assert.Contains("'blosc'", error.Message);
    }

    [Fact]
    public void A_corrupt_gzip_chunk_is_refused_and_what_was_staged_is_undone()
    {
        var error = ImportFails(store =>
        {
            Rewrite(store, "b", meta => meta["codecs"]!.AsArray().Add(new JsonObject { ["name"] = "gzip", ["configuration"] = new JsonObject { ["level"] = 1 } }));
            File.WriteAllBytes(Path.Combine(store, "b", "c", "0"), Gzip(new byte[16]));
            File.WriteAllBytes(Path.Combine(store, "b", "c", "1"), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
        });
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("gzip", error.Message);
        Assert.Contains(Path.Combine("b", "c", "1"), error.Message);
    }

    [Fact]
    public void A_truncated_chunk_is_refused()
    {
        var error = ImportFails(store => File.WriteAllBytes(Path.Combine(store, "b", "c", "1"), new byte[7]));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("7 bytes", error.Message);
    }

    [Fact]
    public void A_crc32c_mismatch_is_refused()
    {
        var error = ImportFails(store =>
        {
            Rewrite(store, "b", meta => meta["codecs"]!.AsArray().Add(new JsonObject { ["name"] = "crc32c" }));
            File.WriteAllBytes(Path.Combine(store, "b", "c", "0"), [.. new byte[16], 1, 2, 3, 4]);
        });
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("crc32c", error.Message);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"zarr_format": 3, "node_type": "array", "data_type": "int32"}""")]
    [InlineData("""{"zarr_format": 2, "node_type": "array"}""")]
    public void A_bad_zarr_json_is_refused(string text)
    {
        var error = ImportFails(store => File.WriteAllText(Path.Combine(store, "b", "zarr.json"), text));
        Assert.Contains("zarr.json", error.Message);
    }

    [Fact]
    public void Importing_onto_an_existing_node_is_refused_and_other_staged_changes_stay()
    {
        using var t = new ZarrRepo();
        string store = WriteStore(t);
        using var writer = t.Repo.OpenWriter();
        writer.CreateGroup("/kept");
        var error = Assert.Throws<StateException>(() => ZarrImporter.Import(writer, store, "/kept"));
        Assert.Equal(ErrorCode.NodeExists, error.Code);
        File.WriteAllBytes(Path.Combine(store, "b", "c", "1"), new byte[3]);
        Assert.Throws<InvalidInputException>(() => ZarrImporter.Import(writer, store, "/new/deep/z"));
        Assert.Equal(["/kept"], writer.Nodes.Select(n => n.Path));
    }

    /// <summary>A good store ("a" float32 group member, "b" int32 [8] in chunks of 4 with the bytes codec), spoiled by <paramref name="spoil"/>.</summary>
    private static InvalidInputException ImportFails(Action<string> spoil)
    {
        using var t = new ZarrRepo();
        string store = WriteStore(t);
        spoil(store);
        using var writer = t.Repo.OpenWriter();
        var error = Assert.Throws<InvalidInputException>(() => ZarrImporter.Import(writer, store, "/g/z"));
        Assert.False(writer.HasStagedChanges);
        Assert.Empty(writer.Nodes);
        return error;
    }

    private static string WriteStore(ZarrRepo t)
    {
        using (var writer = t.Repo.OpenWriter())
        {
            writer.CreateArray("/s/a", new ArraySchema(DType.Float32, [3], [3])).Write(new[] { 1f, 2, 3 });
            writer.CreateArray("/s/b", new ArraySchema(DType.Int32, [8], [4])).Write(Enumerable.Range(1, 8).ToArray());
            writer.Commit("source");
        }
        string store = t.Store("store");
        ZarrExporter.Export(t.Repo, "/s", store, new ZarrExportOptions { Gzip = false });
        using var cleanup = t.Repo.OpenWriter();
        cleanup.Remove("/s");
        cleanup.Commit("empty again");
        return store;
    }

    private static void Rewrite(string store, string array, Action<JsonObject> change)
    {
        string file = Path.Combine(store, array, "zarr.json");
        var meta = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        change(meta);
        File.WriteAllText(file, meta.ToJsonString());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(data);
        return output.ToArray();
    }
}
