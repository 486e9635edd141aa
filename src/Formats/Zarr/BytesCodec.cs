using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>The <c>bytes</c> codec: elements in C order, little- or big-endian.</summary>
internal sealed class BytesCodec(bool bigEndian, DType dtype) : IArrayToBytesCodec
{
    public string Name => "bytes";

    public static BytesCodec Parse(JsonObject configuration, DType dtype, string file)
    {
        var endian = configuration["endian"];
        if (endian is null)
        {
            if (dtype.ItemSize() > 1)
                throw ZarrErrors.BadMetadata(file, $"the bytes codec needs \"endian\" for {dtype.Name()}.");
            return new BytesCodec(false, dtype);
        }
        return (endian.GetValueKind() == JsonValueKind.String ? endian.GetValue<string>() : null) switch
        {
            "little" => new BytesCodec(false, dtype),
            "big" => new BytesCodec(true, dtype),
            _ => throw ZarrErrors.BadMetadata(file, $"the bytes codec's endian is \"little\" or \"big\", not {endian.ToJsonString()}."),
        };
    }

    public long? EncodedSize(long arrayBytes) => arrayBytes;

    public IEnumerable<ChunkBlock> Decode(byte[] encoded, long[] origin, int[] shape, string file)
    {
        long expected = shape.Aggregate(1L, (a, b) => a * b) * dtype.ItemSize();
        if (encoded.Length != expected)
            throw ZarrErrors.CorruptChunk(file, $"it decodes to {encoded.Length} bytes; a chunk of {ColumnSchema.FormatShape(shape)} {dtype.Name()} is {expected}.");
        if (bigEndian)
            SwapBytes(encoded, dtype);
        yield return new ChunkBlock(origin, shape, encoded);
    }

    private static void SwapBytes(byte[] data, DType dtype)
    {
        // A complex number is two floats, each swapped on its own.
        int unit = dtype is DType.Complex64 or DType.Complex128 ? dtype.ItemSize() / 2 : dtype.ItemSize();
        if (unit == 1)
            return;
        for (int i = 0; i < data.Length; i += unit)
            data.AsSpan(i, unit).Reverse();
    }
}
