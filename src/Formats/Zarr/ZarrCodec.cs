using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>A codec of a Zarr v3 array, decoding only (Tessera's exports use bytes and gzip, written directly).</summary>
internal interface IZarrCodec
{
    string Name { get; }
}

/// <summary>Reorders the elements of a chunk (transpose).</summary>
internal interface IArrayToArrayCodec : IZarrCodec
{
    /// <summary>The shape of the encoded array, given the decoded one.</summary>
    int[] EncodedShape(int[] shape);

    byte[] Decode(byte[] encoded, int[] decodedShape, int itemSize);
}

/// <summary>Turns the bytes of a chunk into blocks of array elements (bytes, sharding_indexed).</summary>
internal interface IArrayToBytesCodec : IZarrCodec
{
    /// <summary>Bytes of the encoded form of an array of this many bytes; null when it varies.</summary>
    long? EncodedSize(long arrayBytes);

    /// <summary>The blocks (C order, little-endian) of one chunk whose first element is at <paramref name="origin"/>.</summary>
    IEnumerable<ChunkBlock> Decode(byte[] encoded, long[] origin, int[] shape, string file);
}

/// <summary>Transforms encoded bytes (gzip, zstd, crc32c).</summary>
internal interface IBytesToBytesCodec : IZarrCodec
{
    /// <summary>Size after encoding <paramref name="size"/> bytes; null when it depends on the data.</summary>
    long? EncodedSize(long size);

    /// <summary>Decodes; <paramref name="expectedSize"/> is the exact decoded size when known.</summary>
    byte[] Decode(byte[] encoded, long? expectedSize, string file);
}

/// <summary>A region of an array, decoded: its first element, its shape and its elements in C order.</summary>
internal sealed record ChunkBlock(long[] Origin, int[] Shape, byte[] Data);

/// <summary>Reads the configuration object of a codec entry.</summary>
internal static class CodecConfiguration
{
    public static JsonObject Of(JsonObject entry, string name, string file) => entry["configuration"] switch
    {
        null => [],
        JsonObject configuration => configuration,
        _ => throw ZarrErrors.BadMetadata(file, $"the configuration of codec '{name}' is not an object."),
    };
}
