using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>
/// Builds a column chunk's dictionary: distinct values in first-seen order and one index per
/// value. Floating-point values are keyed by their bits, so -0.0 and each NaN payload are kept exactly.
/// The indices are rented from the shared pool: dispose the builder once the chunk is written.
/// </summary>
internal sealed class DictionaryBuilder : IDisposable
{
    /// <summary>
    /// A dictionary that holds more than half of the first this many values is given up as soon as
    /// it does: it could not save much over plain values, and growing it to the size limit (a
    /// column of distinct doubles, of unique names) cost more than the rest of the chunk's encoding.
    /// </summary>
    private const int ProbeValues = 65_536;

    private int[] indices;
    private readonly int indexCount;

    /// <summary>Whether, at value <paramref name="index"/>, the dictionary already holds more than half of the first <see cref="ProbeValues"/>.</summary>
    private static bool MostlyDistinct(int index, int distinct) => index < ProbeValues && 2 * distinct > ProbeValues;

    private DictionaryBuilder(object values, int[] indices, int indexCount, int count, int plainBytes)
    {
        Values = values;
        this.indices = indices;
        this.indexCount = indexCount;
        Count = count;
        PlainBytes = plainBytes;
    }

    /// <summary>The distinct values: an array of the column's value type, or <see cref="BinaryValues"/>.</summary>
    public object Values { get; }
    /// <summary>Dictionary index of each input value.</summary>
    public ReadOnlySpan<int> Indices => this.indices.AsSpan(0, this.indexCount);
    public int Count { get; }
    public int PlainBytes { get; }

    public void Dispose()
    {
        if (this.indices.Length > 0)
        {
            ArrayPool<int>.Shared.Return(this.indices);
            this.indices = [];
        }
    }

    /// <summary>Returns null when the column type has no dictionary encoding or the dictionary would exceed <paramref name="maxBytes"/>.</summary>
    public static DictionaryBuilder? TryBuild(ColumnData data, int start, int count, int maxBytes) => data.Values switch
    {
        int[] ints => Build(ints.AsSpan(start, count), maxBytes),
        long[] longs => Build(longs.AsSpan(start, count), maxBytes),
        float[] floats => Build(floats.AsSpan(start, count), maxBytes),
        double[] doubles => Build(doubles.AsSpan(start, count), maxBytes),
        BinaryValues binary => BuildBinary(data, binary, start, count, maxBytes),
        _ => null,
    };

    /// <summary>
    /// Values of 4 or 8 bytes, keyed by their bits in an open-addressing table kept at most half
    /// full: no delegate, no boxing, one multiply per value, and a table no larger than the
    /// distinct values need, so that it stays in cache.
    /// </summary>
    private static unsafe DictionaryBuilder? Build<T>(ReadOnlySpan<T> values, int maxBytes)
        where T : unmanaged
    {
        int maxEntries = maxBytes / sizeof(T);
        var scratch = Scratch.ForThread();
        var distinct = scratch.Distinct(Math.Min(maxEntries, values.Length));
        var indices = ArrayPool<int>.Shared.Rent(values.Length);
        int count = scratch.Table.Encode(values, indices, distinct, maxEntries);
        if (count < 0)
        {
            ArrayPool<int>.Shared.Return(indices);
            return null;
        }
        var result = new T[count];
        for (int d = 0; d < count; d++)
        {
            result[d] = FromBits<T>(distinct[d]);
        }
        return new DictionaryBuilder(result, indices, values.Length, count, count * sizeof(T));
    }

    private static unsafe ulong Bits<T>(T value) where T : unmanaged =>
        sizeof(T) == 4 ? Unsafe.As<T, uint>(ref value) : Unsafe.As<T, ulong>(ref value);

    private static unsafe T FromBits<T>(ulong bits) where T : unmanaged
    {
        if (sizeof(T) == 4)
        {
            uint low = (uint)bits;
            return Unsafe.As<uint, T>(ref low);
        }
        return Unsafe.As<ulong, T>(ref bits);
    }

    private static DictionaryBuilder? BuildBinary(ColumnData data, BinaryValues values, int start, int count, int maxBytes)
    {
        var scratch = Scratch.ForThread();
        try
        {
            return BuildBinary(data, values, start, count, maxBytes, scratch.Binary(values));
        }
        finally
        {
            scratch.Release();
        }
    }

    private static DictionaryBuilder? BuildBinary(ColumnData data, BinaryValues values, int start, int count, int maxBytes, Dictionary<int, int> map)
    {
        var distinct = new BinaryValues();
        var indices = ArrayPool<int>.Shared.Rent(count);
        long plainBytes = 0;
        bool lengthPrefixed = data.Column.PhysicalType == PhysicalType.ByteArray;
        for (int i = 0; i < count; i++)
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, start + i, out bool exists);
            if (!exists)
            {
                var value = values[start + i];
                plainBytes += value.Length + (lengthPrefixed ? 4 : 0);
                if (plainBytes > maxBytes)
                {
                    ArrayPool<int>.Shared.Return(indices);
                    return null;
                }
                slot = distinct.Count;
                distinct.Add(value);
            }
            indices[i] = slot;
            if (MostlyDistinct(i, distinct.Count))
            {
                ArrayPool<int>.Shared.Return(indices);
                return null;
            }
        }
        return new DictionaryBuilder(distinct, indices, count, distinct.Count, (int)plainBytes);
    }

    /// <summary>
    /// The working memory of building dictionaries, kept per thread: a writer builds one per column
    /// chunk, and those that are given up (distinct values) grew tables of a megabyte or more on
    /// the large object heap each time, garbage that set an export's working set.
    /// </summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? Current;

        private readonly ValueComparer comparer = new();
        private readonly Dictionary<int, int> binary;
        private ulong[] distinct = [];

        private Scratch() => this.binary = new(this.comparer);

        public BitsTable Table { get; } = new();

        public static Scratch ForThread() => Current ??= new Scratch();

        /// <summary>Room for <paramref name="count"/> distinct values' bits.</summary>
        public ulong[] Distinct(int count)
        {
            if (this.distinct.Length < count)
                this.distinct = new ulong[count];
            return this.distinct;
        }

        /// <summary>
        /// An empty map of value index → dictionary index comparing the values of <paramref name="values"/>
        /// (keyed by the index of a value's first occurrence, compared in place: no copy per value).
        /// </summary>
        public Dictionary<int, int> Binary(BinaryValues values)
        {
            this.binary.Clear();
            this.comparer.Values = values;
            return this.binary;
        }

        /// <summary>Lets go of the values compared, which are a row group's.</summary>
        public void Release() => this.comparer.Values = ValueComparer.None;
    }

    /// <summary>Compares the values at two indices of one <see cref="BinaryValues"/> by their bytes.</summary>
    private sealed class ValueComparer : IEqualityComparer<int>
    {
        public static readonly BinaryValues None = new();

        public BinaryValues Values { get; set; } = None;

        public bool Equals(int x, int y) => this.Values[x].SequenceEqual(this.Values[y]);

        public int GetHashCode(int index)
        {
            var hash = new HashCode();
            hash.AddBytes(this.Values[index]);
            return hash.ToHashCode();
        }
    }

    /// <summary>Value bits → dictionary index, by linear probing from a multiplicative hash; its arrays are reused from one dictionary to the next.</summary>
    private sealed class BitsTable
    {
        private ulong[] keys = [];
        private int[] slots = [];    // the entry's index + 1; 0 marks a free slot
        private int mask;
        private int shift;

        /// <summary>Empties the table, with <paramref name="capacity"/> (a power of two) slots.</summary>
        public void Reset(int capacity)
        {
            if (this.keys.Length < capacity)
            {
                this.keys = new ulong[capacity];
                this.slots = new int[capacity];
            }
            else
            {
                Array.Clear(this.slots, 0, capacity);
            }
            this.mask = capacity - 1;
            this.shift = 64 - BitOperations.Log2((uint)capacity);
        }

        /// <summary>
        /// Each value's index among the distinct values, which go into <paramref name="distinct"/> in
        /// order of first appearance; returns how many, or -1 past <paramref name="maxEntries"/> or
        /// once the values look mostly distinct (<see cref="MostlyDistinct"/>). The probe is written
        /// out here, on local copies of the table, and a new value takes the free slot it ended on:
        /// the table's look-up per value is most of a float column's dictionary.
        /// </summary>
        public int Encode<T>(ReadOnlySpan<T> values, Span<int> indices, ulong[] distinct, int maxEntries)
            where T : unmanaged
        {
            this.Reset(1024);
            ref ulong keys = ref MemoryMarshal.GetArrayDataReference(this.keys);
            ref int slots = ref MemoryMarshal.GetArrayDataReference(this.slots);
            int mask = this.mask, shift = this.shift, count = 0;
            for (int i = 0; i < values.Length; i++)
            {
                ulong bits = Bits(values[i]);
                int h = (int)((bits * 0x9E3779B97F4A7C15UL) >> shift);
                int slot;
                while ((slot = Unsafe.Add(ref slots, h)) != 0 && Unsafe.Add(ref keys, h) != bits)
                    h = (h + 1) & mask;
                if (slot == 0)
                {
                    // The count only grows here, so whether the values look mostly distinct changes only here.
                    if (count == maxEntries || MostlyDistinct(i, count + 1))
                        return -1;
                    distinct[count] = bits;
                    slot = ++count;
                    if (2 * count > mask + 1)
                    {
                        this.Reset((mask + 1) * 2);
                        for (int d = 0; d < count; d++)
                            this.Add(distinct[d], d);
                        keys = ref MemoryMarshal.GetArrayDataReference(this.keys);
                        slots = ref MemoryMarshal.GetArrayDataReference(this.slots);
                        (mask, shift) = (this.mask, this.shift);
                    }
                    else
                    {
                        Unsafe.Add(ref keys, h) = bits;
                        Unsafe.Add(ref slots, h) = slot;
                    }
                }
                indices[i] = slot - 1;
            }
            return count;
        }

        private void Add(ulong bits, int index)
        {
            int h = this.Home(bits);
            while (this.slots[h] != 0)
            {
                h = (h + 1) & this.mask;
            }
            this.keys[h] = bits;
            this.slots[h] = index + 1;
        }

        private int Home(ulong bits) => (int)((bits * 0x9E3779B97F4A7C15UL) >> this.shift);
    }
}
