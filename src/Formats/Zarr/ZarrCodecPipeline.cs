using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>
/// The codec list of an array (Zarr v3 core spec, "codecs"): array-to-array codecs, one
/// array-to-bytes codec, then bytes-to-bytes codecs. Decoding runs them in reverse.
/// </summary>
internal sealed class ZarrCodecPipeline
{
    private readonly IArrayToArrayCodec[] arrayCodecs;
    private readonly IArrayToBytesCodec bytesCodec;
    private readonly IBytesToBytesCodec[] byteCodecs;
    private readonly int itemSize;

    private ZarrCodecPipeline(IArrayToArrayCodec[] arrayCodecs, IArrayToBytesCodec bytesCodec, IBytesToBytesCodec[] byteCodecs, int itemSize, int[] blockShape)
    {
        this.arrayCodecs = arrayCodecs;
        this.bytesCodec = bytesCodec;
        this.byteCodecs = byteCodecs;
        this.itemSize = itemSize;
        this.BlockShape = blockShape;
    }

    /// <summary>The shape of the blocks decoding yields: the chunk shape, or a sharded array's inner chunk shape.</summary>
    public int[] BlockShape { get; }

    /// <summary>Parses and checks a codec list for chunks of <paramref name="chunkShape"/>; names every codec Tessera cannot decode.</summary>
    public static ZarrCodecPipeline Parse(JsonNode? codecs, DType dtype, int[] chunkShape, string file)
    {
        if (codecs is not JsonArray list || list.Count == 0)
            throw ZarrErrors.BadMetadata(file, "\"codecs\" must be a non-empty list (at least the bytes codec).");
        var entries = list.Select(entry => ReadEntry(entry, file)).ToList();
        var unknown = entries.Select(e => e.Name).Where(name => !Known.Contains(name)).Distinct().ToList();
        if (unknown.Count > 0)
            throw ZarrErrors.Unsupported(file, $"codec{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(n => $"'{n}'"))} {(unknown.Count > 1 ? "are" : "is")} not supported.");
        var arrayCodecs = new List<IArrayToArrayCodec>();
        IArrayToBytesCodec? bytesCodec = null;
        var byteCodecs = new List<IBytesToBytesCodec>();
        var blockShape = chunkShape;
        foreach (var (name, configuration) in entries)
        {
            switch (name)
            {
                case "transpose" when bytesCodec is null:
                    arrayCodecs.Add(TransposeCodec.Parse(configuration, chunkShape.Length, file));
                    break;
                case "bytes" or "sharding_indexed" when bytesCodec is null:
                    var shape = arrayCodecs.Aggregate(chunkShape, (s, codec) => codec.EncodedShape(s));
                    if (name == "bytes")
                    {
                        bytesCodec = BytesCodec.Parse(configuration, dtype, file);
                        break;
                    }
                    if (arrayCodecs.Count > 0)
                        throw ZarrErrors.Unsupported(file, "transpose before sharding_indexed is not supported.");
                    var sharding = ShardingCodec.Parse(configuration, dtype, shape, file);
                    bytesCodec = sharding;
                    blockShape = sharding.BlockShape;
                    break;
                case "gzip" or "zstd" or "crc32c" when bytesCodec is not null:
                    byteCodecs.Add(name switch { "gzip" => new GzipCodec(), "zstd" => new ZstdCodec(), _ => new Crc32cCodec() });
                    break;
                default:
                    throw ZarrErrors.BadMetadata(file, $"codec '{name}' is out of place: the order is array-to-array codecs (transpose), one array-to-bytes codec (bytes or sharding_indexed), then bytes-to-bytes codecs (gzip, zstd, crc32c).");
            }
        }
        if (bytesCodec is null)
            throw ZarrErrors.BadMetadata(file, "the codecs have no array-to-bytes codec (bytes or sharding_indexed).");
        return new ZarrCodecPipeline([.. arrayCodecs], bytesCodec, [.. byteCodecs], dtype.ItemSize(), blockShape);
    }

    /// <summary>Bytes of an encoded chunk of <paramref name="shape"/>, when every codec has a fixed size (a shard index).</summary>
    public long? EncodedSize(int[] shape)
    {
        var encodedShape = this.arrayCodecs.Aggregate(shape, (s, codec) => codec.EncodedShape(s));
        long? size = this.bytesCodec.EncodedSize(encodedShape.Aggregate(1L, (a, b) => a * b) * this.itemSize);
        foreach (var codec in this.byteCodecs)
            size = size is { } s ? codec.EncodedSize(s) : null;
        return size;
    }

    /// <summary>Decodes one stored chunk (origin: its first element) into blocks in C order, little-endian.</summary>
    public IEnumerable<ChunkBlock> Decode(byte[] encoded, long[] origin, int[] shape, string file)
    {
        var shapes = new List<int[]> { shape };
        foreach (var codec in this.arrayCodecs)
            shapes.Add(codec.EncodedShape(shapes[^1]));
        // The exact size each bytes-to-bytes codec must decode to, as far as the sizes are fixed.
        var sizes = new long?[this.byteCodecs.Length + 1];
        sizes[0] = this.bytesCodec.EncodedSize(shapes[^1].Aggregate(1L, (a, b) => a * b) * this.itemSize);
        for (int i = 0; i < this.byteCodecs.Length; i++)
            sizes[i + 1] = sizes[i] is { } s ? this.byteCodecs[i].EncodedSize(s) : null;
        var data = encoded;
        for (int i = this.byteCodecs.Length - 1; i >= 0; i--)
            data = this.byteCodecs[i].Decode(data, sizes[i], file);
        var blocks = this.bytesCodec.Decode(data, origin, shapes[^1], file);
        if (this.arrayCodecs.Length == 0)
            return blocks;
        var elements = blocks.Single().Data;
        for (int i = this.arrayCodecs.Length - 1; i >= 0; i--)
            elements = this.arrayCodecs[i].Decode(elements, shapes[i], this.itemSize);
        return [new ChunkBlock(origin, shape, elements)];
    }

    private static readonly HashSet<string> Known = ["bytes", "transpose", "gzip", "zstd", "crc32c", "sharding_indexed"];

    private static (string Name, JsonObject Configuration) ReadEntry(JsonNode? entry, string file)
    {
        // Plain names are the short form of a codec without configuration.
        if (entry?.GetValueKind() == JsonValueKind.String)
            return (entry.GetValue<string>(), []);
        if (entry is not JsonObject obj || obj["name"]?.GetValueKind() != JsonValueKind.String)
            throw ZarrErrors.BadMetadata(file, $"the codec entry {entry?.ToJsonString() ?? "null"} has no \"name\".");
        string name = obj["name"]!.GetValue<string>();
        return (name, CodecConfiguration.Of(obj, name, file));
    }
}
