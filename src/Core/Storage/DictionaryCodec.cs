using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Tessera.Storage;

/// <summary>
/// Codec 5, <c>dictionary</c> (format section 3.4): the distinct elements of a blob, sorted and byte
/// shuffled, then each element as the index of its value in as few bits as the count needs, all in
/// one ZSTD frame. A table's numbers often take few values (prices, scores, quantized features):
/// 10,000 distinct float32 values cost 14 bits each this way and ~20 shuffled through ZSTD alone,
/// which is how Parquet's dictionary pages beat a byte compressor on such columns.
/// </summary>
internal static class DictionaryCodec
{
    /// <summary>Most distinct elements a dictionary holds: indices of at most 16 bits.</summary>
    public const int MaxDistinct = 1 << 16;

    /// <summary>
    /// The encoded blob, or null when its elements are not 2, 4 or 8 bytes wide or take more than
    /// <see cref="MaxDistinct"/> values (counting stops there, so a column of noise costs little).
    /// </summary>
    public static byte[]? Compress(ReadOnlySpan<byte> data, int elementSize)
    {
        if (elementSize is not (2 or 4 or 8) || data.IsEmpty || data.Length % elementSize != 0)
            return null;
        int n = data.Length / elementSize;
        var codes = ArrayPool<int>.Shared.Rent(n);
        byte[]? payload = null;
        try
        {
            var values = Distinct(data, elementSize, codes.AsSpan(0, n));
            if (values is null)
                return null;
            // Sorted, the dictionary's shuffled bytes compress to little; codes follow the sort.
            int d = values.Length, width = Width(d);
            var rank = Ranks(values, elementSize);
            // Every byte of the payload is written below: a rented buffer needs no clearing.
            int length = 4 + (d * elementSize) + (int)PackedLength(n, width);
            payload = ArrayPool<byte>.Shared.Rent(length);
            BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)d);
            var sorted = new byte[d * elementSize];
            for (int i = 0; i < d; i++)
                WriteElement(sorted.AsSpan(i * elementSize, elementSize), values[i]);
            ByteShuffle.Shuffle(sorted, payload.AsSpan(4, sorted.Length), elementSize);
            Pack(codes.AsSpan(0, n), rank, width, payload.AsSpan(4 + sorted.Length, length - 4 - sorted.Length));
            return ZstdFrames.Compress(payload.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(codes);
            if (payload is not null)
                ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <summary>
    /// Sorts <paramref name="values"/> in place; returns each value's rank in the sort by its index
    /// before it. Values of at most 4 bytes are sorted with their index in one 64-bit number, one
    /// array instead of two kept in step: the sort of a run's 10,000 distinct floats was a fifth of
    /// this codec's time.
    /// </summary>
    private static int[] Ranks(ulong[] values, int elementSize)
    {
        int d = values.Length;
        var rank = new int[d];
        if (elementSize <= 4)
        {
            var keyed = new ulong[d];
            for (int i = 0; i < d; i++)
                keyed[i] = (values[i] << 32) | (uint)i;
            Array.Sort(keyed);
            for (int i = 0; i < d; i++)
            {
                values[i] = keyed[i] >> 32;
                rank[(int)(uint)keyed[i]] = i;
            }
            return rank;
        }
        var order = new int[d];
        for (int i = 0; i < d; i++)
            order[i] = i;
        Array.Sort(values, order);
        for (int i = 0; i < d; i++)
            rank[order[i]] = i;
        return rank;
    }

    /// <summary>
    /// Each element's rank in <paramref name="width"/> bits, from the lowest bit of the first byte up,
    /// written four bytes at a time once 32 bits are held: a byte at a time, the loop that wrote them
    /// branched unpredictably for widths that are not a multiple of 8.
    /// </summary>
    private static void Pack(ReadOnlySpan<int> codes, int[] rank, int width, Span<byte> packed)
    {
        ulong bits = 0;
        int filled = 0, o = 0;
        foreach (int code in codes)
        {
            bits |= (ulong)rank[code] << filled;
            filled += width;
            if (filled >= 32)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(packed[o..], (uint)bits);
                o += 4;
                bits >>= 32;
                filled -= 32;
            }
        }
        for (; filled > 0; filled -= 8)
        {
            packed[o++] = (byte)bits;
            bits >>= 8;
        }
    }

    /// <summary>Decodes into <paramref name="dest"/>; returns its length, or -1 when the bytes are not a valid encoding of that many bytes.</summary>
    public static int Decompress(ReadOnlySpan<byte> packed, Span<byte> dest, int elementSize)
    {
        if (elementSize is not (2 or 4 or 8) || dest.Length % elementSize != 0)
            return -1;
        int n = dest.Length / elementSize;
        long most = 4L + ((long)MaxDistinct * elementSize) + PackedLength(n, 16);
        var payload = ArrayPool<byte>.Shared.Rent((int)Math.Min(most, int.MaxValue));
        try
        {
            int length = ZstdFrames.Decompress(packed, payload.AsSpan(0, (int)Math.Min(most, payload.Length)));
            if (length < 4)
                return -1;
            uint d = BinaryPrimitives.ReadUInt32LittleEndian(payload);
            if (d is 0 or > MaxDistinct)
                return -1;
            int width = Width((int)d), dictBytes = (int)d * elementSize;
            if (length != 4L + dictBytes + PackedLength(n, width))
                return -1;
            var dictionary = new byte[dictBytes];
            ByteShuffle.Unshuffle(payload.AsSpan(4, dictBytes), dictionary, elementSize);
            var bits = payload.AsSpan(4 + dictBytes);
            bool valid = elementSize switch
            {
                2 => Expand(MemoryMarshal.Cast<byte, ushort>(dictionary), bits, width, MemoryMarshal.Cast<byte, ushort>(dest)),
                4 => Expand(MemoryMarshal.Cast<byte, uint>(dictionary), bits, width, MemoryMarshal.Cast<byte, uint>(dest)),
                _ => Expand(MemoryMarshal.Cast<byte, ulong>(dictionary), bits, width, MemoryMarshal.Cast<byte, ulong>(dest)),
            };
            return valid ? dest.Length : -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <summary>
    /// Each element from its code, assigned as a value: a span copy per element (2 to 8 bytes) cost
    /// more than reading the codes. False when a code is past the dictionary.
    /// </summary>
    private static bool Expand<T>(ReadOnlySpan<T> dictionary, ReadOnlySpan<byte> bits, int width, Span<T> dest)
        where T : unmanaged
    {
        ulong mask = (1UL << width) - 1, buffer = 0;
        int held = 0, at = 0;
        for (int i = 0; i < dest.Length; i++)
        {
            while (held < width)
            {
                buffer |= (ulong)bits[at++] << held;
                held += 8;
            }
            int code = (int)(buffer & mask);
            buffer >>= width;
            held -= width;
            if ((uint)code >= (uint)dictionary.Length)
                return false;
            dest[i] = dictionary[code];
        }
        return true;
    }

    /// <summary>The distinct elements in order of first appearance, each element's index into them written to <paramref name="codes"/>; null past <see cref="MaxDistinct"/>.</summary>
    private static ulong[]? Distinct(ReadOnlySpan<byte> data, int elementSize, Span<int> codes) => elementSize switch
    {
        // Elements are little-endian, as samples are stored on the little-endian hosts .NET runs on.
        2 => Distinct(MemoryMarshal.Cast<byte, ushort>(data), codes),
        4 => Distinct(MemoryMarshal.Cast<byte, uint>(data), codes),
        _ => Distinct(MemoryMarshal.Cast<byte, ulong>(data), codes),
    };

    private static ulong[]? Distinct<T>(ReadOnlySpan<T> elements, Span<int> codes)
        where T : unmanaged, IBinaryInteger<T>
    {
        // An open-addressing table at most half full, sized to the blob: a Dictionary's lookup
        // per element was most of an import's time in this codec (32 M elements in the benchmark's table).
        int bits = TableBits(elements.Length);
        int mask = (1 << bits) - 1;
        var keys = ThreadKeys ??= new ulong[1 << MaxTableBits];
        var slots = ThreadSlots ??= new int[1 << MaxTableBits];
        var values = ThreadValues ??= new ulong[MaxDistinct];
        slots.AsSpan(0, mask + 1).Clear();
        int count = 0;
        for (int i = 0; i < elements.Length; i++)
        {
            ulong value = ulong.CreateTruncating(elements[i]);
            int at = (int)((value * 0x9E3779B97F4A7C15UL) >> (64 - bits));
            while (true)
            {
                // A slot holds its value's code plus one; zero is empty.
                int slot = slots[at];
                if (slot == 0)
                {
                    if (count == MaxDistinct)
                        return null;
                    keys[at] = value;
                    values[count] = value;
                    slots[at] = ++count;
                    codes[i] = count - 1;
                    break;
                }
                if (keys[at] == value)
                {
                    codes[i] = slot - 1;
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        return values[..count];
    }

    /// <summary>Bits of the table's size: at least twice as many slots as the blob can have distinct values.</summary>
    private static int TableBits(int elements) =>
        Math.Max(4, 33 - BitOperations.LeadingZeroCount((uint)(Math.Min(elements, MaxDistinct) - 1)));

    private const int MaxTableBits = 17;

    // Kept per thread (runs are built on every core), cleared as far as a blob needs.
    [ThreadStatic]
    private static ulong[]? ThreadKeys;

    [ThreadStatic]
    private static int[]? ThreadSlots;

    [ThreadStatic]
    private static ulong[]? ThreadValues;

    private static void WriteElement(Span<byte> bytes, ulong value)
    {
        Span<byte> all = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(all, value);
        all[..bytes.Length].CopyTo(bytes);
    }

    /// <summary>Bits per index for <paramref name="distinct"/> values: 0 for one value.</summary>
    private static int Width(int distinct) => distinct <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(distinct - 1));

    private static long PackedLength(int count, int width) => (((long)count * width) + 7) / 8;
}
