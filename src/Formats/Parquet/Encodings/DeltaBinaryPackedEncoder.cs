using System.Buffers;

namespace Tessera.Formats.Parquet.Encodings;

/// <summary>Encoder for DELTA_BINARY_PACKED with 128-value blocks of four 32-value miniblocks.</summary>
internal static class DeltaBinaryPackedEncoder
{
    private const int BlockSize = 128;
    private const int MiniblockCount = 4;
    private const int MiniblockSize = BlockSize / MiniblockCount;

    public static void Encode(ReadOnlySpan<long> values, IBufferWriter<byte> output)
    {
        RleBitPackedEncoder.WriteVarint(BlockSize, output);
        RleBitPackedEncoder.WriteVarint(MiniblockCount, output);
        RleBitPackedEncoder.WriteVarint((ulong)values.Length, output);
        WriteZigZag(values.IsEmpty ? 0 : values[0], output);
        Span<long> deltas = stackalloc long[BlockSize];
        Span<ulong> adjusted = stackalloc ulong[MiniblockSize];
        Span<byte> widths = stackalloc byte[MiniblockCount];
        for (int start = 1; start < values.Length; start += BlockSize)
        {
            int count = Math.Min(BlockSize, values.Length - start);
            long minDelta = long.MaxValue;
            for (int i = 0; i < count; i++)
            {
                deltas[i] = unchecked(values[start + i] - values[start + i - 1]);
                minDelta = Math.Min(minDelta, deltas[i]);
            }
            WriteZigZag(minDelta, output);
            int miniblocks = (count + MiniblockSize - 1) / MiniblockSize;
            for (int m = 0; m < MiniblockCount; m++)
            {
                ulong max = 0;
                for (int i = m * MiniblockSize; i < Math.Min(count, (m + 1) * MiniblockSize); i++)
                {
                    max = Math.Max(max, unchecked((ulong)(deltas[i] - minDelta)));
                }
                widths[m] = (byte)BitPacking.BitWidth(max);
            }
            widths.CopyTo(output.GetSpan(MiniblockCount));
            output.Advance(MiniblockCount);
            for (int m = 0; m < miniblocks; m++)
            {
                adjusted.Clear();
                for (int i = 0; i < MiniblockSize && m * MiniblockSize + i < count; i++)
                {
                    adjusted[i] = unchecked((ulong)(deltas[m * MiniblockSize + i] - minDelta));
                }
                int byteLength = MiniblockSize * widths[m] / 8;
                var span = output.GetSpan(byteLength)[..byteLength];
                span.Clear();
                BitPacking.Pack(adjusted, widths[m], span);
                output.Advance(byteLength);
            }
        }
    }

    private static void WriteZigZag(long value, IBufferWriter<byte> output) =>
        RleBitPackedEncoder.WriteVarint((ulong)((value << 1) ^ (value >> 63)), output);
}
