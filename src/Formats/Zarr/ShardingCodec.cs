using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>
/// The <c>sharding_indexed</c> codec: a shard holds inner chunks, each encoded by the inner codecs,
/// and an index of (offset, length) uint64 pairs per inner chunk (2^64−1 twice: not stored) at
/// the end or the start, encoded by the index codecs.
/// </summary>
internal sealed class ShardingCodec : IArrayToBytesCodec
{
    private readonly int[] innerShape;
    private readonly ZarrCodecPipeline inner;
    private readonly ZarrCodecPipeline index;
    private readonly bool indexAtEnd;

    private ShardingCodec(int[] innerShape, ZarrCodecPipeline inner, ZarrCodecPipeline index, bool indexAtEnd)
    {
        this.innerShape = innerShape;
        this.inner = inner;
        this.index = index;
        this.indexAtEnd = indexAtEnd;
    }

    public string Name => "sharding_indexed";

    /// <summary>The blocks the inner codecs yield.</summary>
    public int[] BlockShape => this.inner.BlockShape;

    public static ShardingCodec Parse(JsonObject configuration, DType dtype, int[] shardShape, string file)
    {
        var chunkShape = (configuration["chunk_shape"] as JsonArray)?
            .Select(d => d?.GetValueKind() == JsonValueKind.Number && d.GetValue<double>() is var v && v >= 1 && v == Math.Floor(v) && v <= int.MaxValue ? (int)v : 0).ToArray();
        if (chunkShape is null || chunkShape.Length != shardShape.Length || chunkShape.Contains(0))
            throw ZarrErrors.BadMetadata(file, $"sharding_indexed needs \"chunk_shape\", {shardShape.Length} positive integers.");
        if (chunkShape.Where((c, d) => shardShape[d] % c != 0).Any())
            throw ZarrErrors.BadMetadata(file, $"the inner chunk shape {ColumnSchema.FormatShape(chunkShape)} does not divide the shard shape {ColumnSchema.FormatShape(shardShape)}.");
        string location = configuration["index_location"]?.GetValueKind() == JsonValueKind.String ? configuration["index_location"]!.GetValue<string>() : "end";
        if (location is not ("start" or "end"))
            throw ZarrErrors.BadMetadata(file, $"index_location is \"start\" or \"end\", not \"{location}\".");
        var inner = ZarrCodecPipeline.Parse(configuration["codecs"], dtype, chunkShape, file);
        var index = ZarrCodecPipeline.Parse(configuration["index_codecs"], DType.UInt64, IndexShape(shardShape, chunkShape), file);
        if (index.EncodedSize(IndexShape(shardShape, chunkShape)) is null)
            throw ZarrErrors.Unsupported(file, "the shard index codecs compress; an index must have a fixed size (bytes and crc32c only).");
        return new ShardingCodec(chunkShape, inner, index, location == "end");
    }

    public long? EncodedSize(long arrayBytes) => null;

    public IEnumerable<ChunkBlock> Decode(byte[] encoded, long[] origin, int[] shape, string file)
    {
        var indexShape = IndexShape(shape, this.innerShape);
        int indexBytes = (int)this.index.EncodedSize(indexShape)!.Value;
        if (encoded.Length < indexBytes)
            throw ZarrErrors.CorruptChunk(file, $"the shard is {encoded.Length} bytes, shorter than its {indexBytes}-byte index.");
        var indexData = this.indexAtEnd ? encoded[^indexBytes..] : encoded[..indexBytes];
        var entries = this.index.Decode(indexData, new long[indexShape.Length], indexShape, file).Single().Data;
        var counts = indexShape[..^1];
        var coords = new int[counts.Length];
        for (int i = 0; i < entries.Length / 16; i++)
        {
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(entries.AsSpan(i * 16));
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(entries.AsSpan((i * 16) + 8));
            if (offset != ulong.MaxValue || length != ulong.MaxValue)
            {
                if (offset > (ulong)encoded.Length || length > (ulong)encoded.Length - offset)
                    throw ZarrErrors.CorruptChunk(file, $"inner chunk {i} lies at bytes {offset}..{offset + length}, outside the {encoded.Length}-byte shard.");
                var innerOrigin = origin.Select((o, d) => o + ((long)coords[d] * this.innerShape[d])).ToArray();
                foreach (var block in this.inner.Decode(encoded[(int)offset..(int)(offset + length)], innerOrigin, this.innerShape, file))
                    yield return block;
            }
            for (int d = counts.Length - 1; d >= 0 && ++coords[d] == counts[d]; d--)
                coords[d] = 0;
        }
    }

    private static int[] IndexShape(int[] shardShape, int[] chunkShape) => [.. shardShape.Select((s, d) => s / chunkShape[d]), 2];
}
