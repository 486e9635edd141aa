using System.Buffers;
using System.Numerics;

namespace Tessera.Formats.Parquet.Encodings;

/// <summary>
/// Encoder for the RLE / bit-packing hybrid: runs of 8 or more equal values become RLE runs,
/// everything else is bit-packed in groups of 8 (only the final group is zero-padded).
/// </summary>
internal static class RleBitPackedEncoder
{
    private const int MinRepeat = 8;

    /// <summary>
    /// Encodes levels (shorts) or dictionary indices (ints) as they are: a list column's levels run
    /// to millions a row group, and widening them first cost a copy of each and a pass per group.
    /// </summary>
    public static void Encode<T>(ReadOnlySpan<T> values, int bitWidth, IBufferWriter<byte> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        int literalStart = 0;
        int i = 0;
        while (i < values.Length)
        {
            int run = 1;
            while (i + run < values.Length && values[i + run] == values[i])
            {
                run++;
            }
            if (run >= MinRepeat)
            {
                // Literal groups must hold a multiple of 8 values, so borrow from the run to fill them.
                int pending = i - literalStart;
                int borrow = pending % 8 == 0 ? 0 : 8 - pending % 8;
                if (run - borrow >= MinRepeat)
                {
                    WriteBitPacked(values.Slice(literalStart, pending + borrow), bitWidth, output);
                    WriteRle(int.CreateTruncating(values[i]), run - borrow, bitWidth, output);
                    i += run;
                    literalStart = i;
                    continue;
                }
            }
            i += run;
        }
        WriteBitPacked(values[literalStart..], bitWidth, output);
    }

    private static void WriteRle(int value, int count, int bitWidth, IBufferWriter<byte> output)
    {
        WriteVarint((ulong)count << 1, output);
        int valueBytes = (bitWidth + 7) / 8;
        var span = output.GetSpan(valueBytes);
        for (int b = 0; b < valueBytes; b++)
        {
            span[b] = (byte)(value >> (8 * b));
        }
        output.Advance(valueBytes);
    }

    private static void WriteBitPacked<T>(ReadOnlySpan<T> values, int bitWidth, IBufferWriter<byte> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (values.IsEmpty)
        {
            return;
        }
        int groups = (values.Length + 7) / 8;
        WriteVarint((ulong)groups << 1 | 1, output);
        int byteLength = groups * bitWidth;
        var span = output.GetSpan(byteLength)[..byteLength];
        span.Clear();
        BitPacking.Pack(values, bitWidth, span);
        output.Advance(byteLength);
    }

    internal static void WriteVarint(ulong value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        output.Advance(i);
    }
}
