using System.Buffers;

namespace Tessera.Formats.Parquet.Encodings;

/// <summary>
/// Encoder for the RLE / bit-packing hybrid: runs of 8 or more equal values become RLE runs,
/// everything else is bit-packed in groups of 8 (only the final group is zero-padded).
/// </summary>
internal static class RleBitPackedEncoder
{
    private const int MinRepeat = 8;

    public static void Encode(ReadOnlySpan<int> values, int bitWidth, IBufferWriter<byte> output)
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
                    WriteRle(values[i], run - borrow, bitWidth, output);
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

    private static void WriteBitPacked(ReadOnlySpan<int> values, int bitWidth, IBufferWriter<byte> output)
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
        ulong[] widened = ArrayPool<ulong>.Shared.Rent(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            widened[i] = (uint)values[i];
        }
        BitPacking.Pack(widened.AsSpan(0, values.Length), bitWidth, span);
        ArrayPool<ulong>.Shared.Return(widened);
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
