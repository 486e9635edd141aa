using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Tessera.Storage;

/// <summary>
/// Codec 5, <c>dictionary</c> (format section 3.4): the distinct elements of a blob, sorted and byte
/// shuffled, then each element as the index of its value in as few bits as the count needs, in one
/// ZSTD frame, or with the indices in a second frame stored as they are when ZSTD would not shrink
/// them. A table's numbers often take few values (prices, scores, quantized features):
/// 10,000 distinct float32 values cost 14 bits each this way and ~20 shuffled through ZSTD alone,
/// which is how Parquet's dictionary pages beat a byte compressor on such columns.
/// </summary>
internal static class DictionaryCodec
{
    /// <summary>Most distinct elements a dictionary holds: indices of at most 16 bits.</summary>
    public const int MaxDistinct = 1 << 16;

    /// <summary>
    /// The encoded blob, or null when its elements are not 2, 4 or 8 bytes wide or take more than
    /// <see cref="MaxDistinct"/> values or more than half as many values as there are elements
    /// (counting stops there, so a column of noise costs little): a dictionary of that many values
    /// stores 2- and 4-byte elements in at least as many bytes as they take, and 8-byte ones in
    /// three quarters, no better than the byte compressor (a run of random float64s was counted,
    /// sorted and packed whole to be thrown away). With <paramref name="dictionaryCodes"/>, the
    /// elements' codes in <paramref name="dictionary"/> (<see cref="ElementCodes"/>), the same bytes.
    /// </summary>
    public static byte[]? Compress(ReadOnlySpan<byte> data, int elementSize, ReadOnlySpan<byte> dictionary = default, ReadOnlySpan<ushort> dictionaryCodes = default)
    {
        if (elementSize is not (2 or 4 or 8) || data.IsEmpty || data.Length % elementSize != 0)
            return null;
        int n = data.Length / elementSize;
        if (ByCode(data, elementSize, dictionary, dictionaryCodes, Math.Min(MaxDistinct, n / 2)) is var (sorted, rankOfCode))
            return Encode(sorted, rankOfCode, dictionaryCodes, elementSize);
        var codes = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var values = Distinct(data, elementSize, codes.AsSpan(0, n));
            return values is null ? null : Encode(values, Ranks(values, elementSize), codes.AsSpan(0, n), elementSize);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(codes);
        }
    }

    /// <summary>
    /// The payload of section 3.4 in its frames. Sorted, the dictionary's shuffled bytes compress to
    /// little; element i is written as <paramref name="rank"/>[codes[i]].
    /// </summary>
    /// <param name="values">The distinct values, sorted.</param>
    private static byte[] Encode<TCode>(ulong[] values, int[] rank, ReadOnlySpan<TCode> codes, int elementSize)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        int n = codes.Length, d = values.Length, width = Width(d);
        // Every byte of the payload is written below: a rented buffer needs no clearing.
        int length = 4 + (d * elementSize) + (int)PackedLength(n, width);
        var payload = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)d);
            WritePlanes(values, elementSize, payload.AsSpan(4, d * elementSize));
            int head = 4 + (d * elementSize);
            var indices = payload.AsSpan(head, length - head);
            Pack(codes, rank, width, indices);
            return Compressible(indices)
                ? ZstdFrames.Compress(payload.AsSpan(0, length))
                : ZstdFrames.CompressThenStore(payload.AsSpan(0, head), indices);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <summary>
    /// What <see cref="Distinct"/> and <see cref="Ranks"/> find, from codes a reader of a dictionary
    /// encoding had (<see cref="ElementCodes"/>): the sorted values of the codes used, and the rank
    /// of each code's value. Each element costs a comparison with its code's value and a mark,
    /// where counting by hashing cost a lookup and a code written (the benchmark table's
    /// 32,000,000 floats took a tenth of its import). Null without codes, when an element is not its
    /// code's value, past <paramref name="limit"/> values, or when two codes hold one value: the
    /// caller then counts by hashing, so the bytes are the same either way.
    /// </summary>
    private static (ulong[] Sorted, int[] RankOfCode)? ByCode(ReadOnlySpan<byte> data, int elementSize, ReadOnlySpan<byte> dictionary, ReadOnlySpan<ushort> codes, int limit)
    {
        if (codes.Length * elementSize != data.Length || dictionary.IsEmpty || dictionary.Length % elementSize != 0 || dictionary.Length / elementSize > MaxDistinct)
            return null;
        return elementSize switch
        {
            2 => ByCode(MemoryMarshal.Cast<byte, ushort>(data), MemoryMarshal.Cast<byte, ushort>(dictionary), codes, limit, elementSize),
            4 => ByCode(MemoryMarshal.Cast<byte, uint>(data), MemoryMarshal.Cast<byte, uint>(dictionary), codes, limit, elementSize),
            _ => ByCode(MemoryMarshal.Cast<byte, ulong>(data), MemoryMarshal.Cast<byte, ulong>(dictionary), codes, limit, elementSize),
        };
    }

    private static (ulong[] Sorted, int[] RankOfCode)? ByCode<T>(ReadOnlySpan<T> elements, ReadOnlySpan<T> dictionary, ReadOnlySpan<ushort> codes, int limit, int elementSize)
        where T : unmanaged, IBinaryInteger<T>
    {
        var used = (ThreadUsed ??= new bool[MaxDistinct]).AsSpan(0, dictionary.Length);
        used.Clear();
        for (int i = 0; i < elements.Length; i++)
        {
            int code = codes[i];
            if ((uint)code >= (uint)dictionary.Length || dictionary[code] != elements[i])
                return null;
            used[code] = true;
        }
        int count = used.Count(true);
        if (count > limit)
            return null;
        var values = new ulong[count];
        var codeOf = new int[count];
        for (int code = 0, j = 0; j < count; code++)
        {
            if (used[code])
                (values[j], codeOf[j++]) = (ulong.CreateTruncating(dictionary[code]), code);
        }
        var rank = Ranks(values, elementSize);
        if (HasRepeats(values))
            return null;
        var rankOfCode = new int[dictionary.Length];
        for (int j = 0; j < count; j++)
            rankOfCode[codeOf[j]] = rank[j];
        return (values, rankOfCode);
    }

    /// <summary>Whether sorted <paramref name="values"/> hold one value twice.</summary>
    private static bool HasRepeats(ulong[] values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] == values[i - 1])
                return true;
        }
        return false;
    }

    /// <summary>
    /// Whether ZSTD is likely to make the packed indices smaller, judged on two slices of them. The
    /// indices of a run of many values about as frequent as each other (the benchmark table's
    /// 10,000 floats, 14 bits each) are as good as random: ZSTD stored them as they were, after
    /// spending on them as long as on compressing them, a twentieth of an import's time.
    /// </summary>
    private static bool Compressible(ReadOnlySpan<byte> indices)
    {
        if (indices.Length < 4 * IndexProbe)
            return true;
        var probe = ArrayPool<byte>.Shared.Rent(ZstdFrames.Bound(IndexProbe));
        try
        {
            return Saves(indices[..IndexProbe], probe) || Saves(indices.Slice(indices.Length / 2, IndexProbe), probe);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(probe);
        }
    }

    /// <summary>Whether ZSTD saves at least a thirty-second of <paramref name="slice"/>.</summary>
    private static bool Saves(ReadOnlySpan<byte> slice, byte[] scratch) =>
        ZstdFrames.Compress(slice, scratch) < slice.Length - (slice.Length / 32);

    /// <summary>Bytes of each slice of indices <see cref="Compressible"/> compresses; indices under four of them are compressed whole.</summary>
    private const int IndexProbe = 8 * 1024;

    /// <summary>
    /// Sorts <paramref name="values"/> in place; returns each value's rank in the sort by its index
    /// before it. Values of at most 4 bytes are sorted with their index in one 64-bit number, one
    /// array instead of two kept in step, by radix (the values are distinct, so the index never
    /// decides): a comparison sort of a run's 10,000 distinct floats was a third of this codec's time.
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
            keyed = SortByHighBits(keyed, 32 + (elementSize * 8));
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
    /// <paramref name="keyed"/> sorted by bits 32 to <paramref name="endBit"/> (the rest zero), least
    /// significant digit first; a digit every element shares is not moved. The sorted array is
    /// <paramref name="keyed"/> or a new one.
    /// </summary>
    private static ulong[] SortByHighBits(ulong[] keyed, int endBit)
    {
        if (keyed.Length < RadixFrom)
        {
            Array.Sort(keyed);
            return keyed;
        }
        var other = new ulong[keyed.Length];
        Span<int> starts = stackalloc int[1 << DigitBits];
        for (int shift = 32; shift < endBit; shift += DigitBits)
        {
            starts.Clear();
            foreach (ulong k in keyed)
                starts[(int)(k >> shift) & DigitMask]++;
            if (starts[(int)(keyed[0] >> shift) & DigitMask] == keyed.Length)
                continue;
            int sum = 0;
            for (int digit = 0; digit < starts.Length; digit++)
                (starts[digit], sum) = (sum, sum + starts[digit]);
            foreach (ulong k in keyed)
                other[starts[(int)(k >> shift) & DigitMask]++] = k;
            (keyed, other) = (other, keyed);
        }
        return keyed;
    }

    /// <summary>Fewest values sorted by radix: for fewer, clearing and summing its 2,048 counters per digit outweighs a comparison sort.</summary>
    private const int RadixFrom = 512;

    private const int DigitBits = 11;

    private const int DigitMask = (1 << DigitBits) - 1;

    /// <summary>
    /// Each element's rank in <paramref name="width"/> bits, from the lowest bit of the first byte up,
    /// written four bytes at a time once 32 bits are held: a byte at a time, the loop that wrote them
    /// branched unpredictably for widths that are not a multiple of 8.
    /// </summary>
    private static void Pack<TCode>(ReadOnlySpan<TCode> codes, int[] rank, int width, Span<byte> packed)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        ulong bits = 0;
        int filled = 0, o = 0;
        foreach (var code in codes)
        {
            bits |= (ulong)rank[int.CreateTruncating(code)] << filled;
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

    /// <summary>The distinct elements in order of first appearance, each element's index into them written to <paramref name="codes"/>; null past <see cref="MaxDistinct"/> or half the elements.</summary>
    private static ulong[]? Distinct(ReadOnlySpan<byte> data, int elementSize, Span<int> codes) => elementSize switch
    {
        // Elements are little-endian, as samples are stored on the little-endian hosts .NET runs on.
        2 => Distinct<ushort, NarrowSlot>(MemoryMarshal.Cast<byte, ushort>(data), codes),
        4 => Distinct<uint, NarrowSlot>(MemoryMarshal.Cast<byte, uint>(data), codes),
        _ => Distinct<ulong, WideSlot>(MemoryMarshal.Cast<byte, ulong>(data), codes),
    };

    /// <summary>
    /// Counts distinct values in an open-addressing table at most a quarter full, which starts
    /// small and doubles as values come: sized to the blob from the start (256 K slots for a run of
    /// 1 MB), a run of 10,000 distinct floats missed the cache on most lookups, and a
    /// <see cref="Dictionary{TKey, TValue}"/> lookup per element was most of an import's time in
    /// this codec (32 M elements in the benchmark's table). Allowed to fill to half, the table of
    /// such a run ended a third full, more lookups went past their first slot, and counting took a
    /// quarter longer (0.86 against 0.68 ms); its 64 K slots of 8 bytes fit a core's 1 MB
    /// second-level cache here.
    /// </summary>
    private static ulong[]? Distinct<T, TSlot>(ReadOnlySpan<T> elements, Span<int> codes)
        where T : unmanaged, IBinaryInteger<T>
        where TSlot : ISlot
    {
        int most = TableBits(elements.Length), bits = Math.Min(most, FirstTableBits);
        var table = ThreadTable ??= new ulong[1 << MaxTableBits];
        var values = ThreadValues ??= new ulong[MaxDistinct];
        table.AsSpan(0, 1 << bits).Clear();
        int mask = (1 << bits) - 1, count = 0, grow = bits < most ? 1 << (bits - 2) : int.MaxValue;
        int limit = Math.Min(MaxDistinct, elements.Length / 2);
        for (int i = 0; i < elements.Length; i++)
        {
            ulong value = ulong.CreateTruncating(elements[i]);
            int at = (int)((value * HashMultiplier) >> (64 - bits));
            while (true)
            {
                ulong slot = table[at];
                if (slot == 0)
                {
                    if (count == limit)
                        return null;
                    values[count] = value;
                    table[at] = TSlot.Of(value, count);
                    codes[i] = count++;
                    if (count == grow)
                    {
                        bits++;
                        mask = (mask << 1) | 1;
                        grow = bits < most ? 1 << (bits - 2) : int.MaxValue;
                        Rehash<TSlot>(table, values.AsSpan(0, count), bits);
                    }
                    break;
                }
                if (TSlot.Holds(slot, value, values))
                {
                    codes[i] = TSlot.Code(slot);
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        return values[..count];
    }

    /// <summary>Fills a table of <paramref name="bits"/> bits with <paramref name="values"/>, each under its code.</summary>
    private static void Rehash<TSlot>(ulong[] table, ReadOnlySpan<ulong> values, int bits)
        where TSlot : ISlot
    {
        int mask = (1 << bits) - 1;
        table.AsSpan(0, mask + 1).Clear();
        for (int code = 0; code < values.Length; code++)
        {
            int at = (int)((values[code] * HashMultiplier) >> (64 - bits));
            while (table[at] != 0)
                at = (at + 1) & mask;
            table[at] = TSlot.Of(values[code], code);
        }
    }

    /// <summary>What a slot of the table holds for a value and its code; zero is an empty slot.</summary>
    private interface ISlot
    {
        static abstract ulong Of(ulong value, int code);

        static abstract bool Holds(ulong slot, ulong value, ulong[] values);

        static abstract int Code(ulong slot);
    }

    /// <summary>A value of at most 4 bytes and its code plus one in one word: a lookup reads the table alone (a tenth quicker than reading the value from its own array).</summary>
    private readonly struct NarrowSlot : ISlot
    {
        public static ulong Of(ulong value, int code) => (value << 32) | (uint)(code + 1);

        public static bool Holds(ulong slot, ulong value, ulong[] values) => slot >> 32 == value;

        public static int Code(ulong slot) => (int)(uint)slot - 1;
    }

    /// <summary>The code plus one of an 8-byte value, which is compared in the array of values.</summary>
    private readonly struct WideSlot : ISlot
    {
        public static ulong Of(ulong value, int code) => (ulong)(code + 1);

        public static bool Holds(ulong slot, ulong value, ulong[] values) => values[(int)slot - 1] == value;

        public static int Code(ulong slot) => (int)slot - 1;
    }

    private const ulong HashMultiplier = 0x9E3779B97F4A7C15UL;

    /// <summary>Bits of the table's first size: 1,024 slots.</summary>
    private const int FirstTableBits = 10;

    /// <summary>Bits of the table's size: at least four times as many slots as the blob can have distinct values.</summary>
    private static int TableBits(int elements) =>
        Math.Max(4, 34 - BitOperations.LeadingZeroCount((uint)(Math.Min(elements, MaxDistinct) - 1)));

    private const int MaxTableBits = 18;

    // Kept per thread (runs are built on every core), cleared as far as a blob needs.
    [ThreadStatic]
    private static ulong[]? ThreadTable;

    [ThreadStatic]
    private static ulong[]? ThreadValues;

    [ThreadStatic]
    private static bool[]? ThreadUsed;

    /// <summary>The sorted values byte shuffled (<see cref="ByteShuffle"/>): byte <c>b</c> of value <c>i</c> at <c>b × d + i</c>.</summary>
    private static void WritePlanes(ulong[] values, int elementSize, Span<byte> planes)
    {
        int d = values.Length;
        for (int b = 0; b < elementSize; b++)
        {
            var plane = planes.Slice(b * d, d);
            int shift = 8 * b;
            for (int i = 0; i < d; i++)
                plane[i] = (byte)(values[i] >> shift);
        }
    }

    /// <summary>Bits per index for <paramref name="distinct"/> values: 0 for one value.</summary>
    private static int Width(int distinct) => distinct <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(distinct - 1));

    private static long PackedLength(int count, int width) => (((long)count * width) + 7) / 8;
}
