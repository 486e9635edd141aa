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
    private const int MaxVarint = 10;

    /// <summary>
    /// Encodes levels (shorts) or dictionary indices (ints) as they are: a list column's levels run
    /// to millions a row group, and widening them first cost a copy of each and a pass per group.
    /// </summary>
    public static void Encode<T>(ReadOnlySpan<T> values, int bitWidth, IBufferWriter<byte> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        // A list of sixteen floats has a run of fifteen repetition levels per row: the runs, each
        // with a header, were asked of the writer one by one, which cost more than finding them.
        var sink = new Sink(output);
        int literalStart = 0;
        int i = 0;
        while ((i = NextRepeat(values, i)) < values.Length)
        {
            int run = 2;
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
                    WriteBitPacked(values.Slice(literalStart, pending + borrow), bitWidth, ref sink);
                    WriteRle(int.CreateTruncating(values[i]), run - borrow, bitWidth, ref sink);
                    i += run;
                    literalStart = i;
                    continue;
                }
            }
            i += run;
        }
        WriteBitPacked(values[literalStart..], bitWidth, ref sink);
        sink.Done();
    }

    /// <summary>
    /// The first position from <paramref name="from"/> whose value the next repeats (where a run of two
    /// or more starts), or the length when there is none; a vector of values at a time while none is
    /// found: dictionary indices of distinct values rarely repeat, and a comparison per value and a
    /// loop around it were most of their encoding.
    /// </summary>
    private static int NextRepeat<T>(ReadOnlySpan<T> values, int from)
        where T : unmanaged, IBinaryInteger<T>
    {
        int at = from;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int width = Vector<T>.Count;
            while (at + width < values.Length && !Vector.EqualsAny(new Vector<T>(values.Slice(at, width)), new Vector<T>(values.Slice(at + 1, width))))
            {
                at += width;
            }
        }
        for (; at + 1 < values.Length; at++)
        {
            if (values[at] == values[at + 1])
            {
                return at;
            }
        }
        return values.Length;
    }

    private static void WriteRle(int value, int count, int bitWidth, ref Sink sink)
    {
        int valueBytes = (bitWidth + 7) / 8;
        var span = sink.Take(MaxVarint + valueBytes);
        int at = WriteVarint((ulong)count << 1, span);
        for (int b = 0; b < valueBytes; b++)
        {
            span[at++] = (byte)(value >> (8 * b));
        }
        sink.Wrote(at);
    }

    private static void WriteBitPacked<T>(ReadOnlySpan<T> values, int bitWidth, ref Sink sink)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (values.IsEmpty)
        {
            return;
        }
        int groups = (values.Length + 7) / 8;
        int byteLength = groups * bitWidth;
        var span = sink.Take(MaxVarint + byteLength);
        int at = WriteVarint((ulong)groups << 1 | 1, span);
        var packed = span.Slice(at, byteLength);
        packed.Clear();
        BitPacking.Pack(values, bitWidth, packed);
        sink.Wrote(at + byteLength);
    }

    internal static void WriteVarint(ulong value, IBufferWriter<byte> output) =>
        output.Advance(WriteVarint(value, output.GetSpan(MaxVarint)));

    private static int WriteVarint(ulong value, Span<byte> span)
    {
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        return i;
    }

    /// <summary>The writer's free space, asked for a block at a time and handed back written when the next is needed.</summary>
    private ref struct Sink(IBufferWriter<byte> output)
    {
        private const int Block = 4096;
        private Span<byte> free;
        private int written;

        /// <summary>At least <paramref name="bytes"/> bytes to write into; say how many were written with <see cref="Wrote"/>.</summary>
        public Span<byte> Take(int bytes)
        {
            if (this.free.Length - this.written < bytes)
            {
                output.Advance(this.written);
                this.free = output.GetSpan(Math.Max(bytes, Block));
                this.written = 0;
            }
            return this.free[this.written..];
        }

        public void Wrote(int bytes) => this.written += bytes;

        public readonly void Done() => output.Advance(this.written);
    }
}
