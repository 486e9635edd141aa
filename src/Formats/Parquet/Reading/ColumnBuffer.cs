using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Reading;

/// <summary>
/// Growable storage a column chunk's pages decode into, page after page. Values are charged to the
/// row group's <see cref="DecodeBudget"/> as they are appended (levels are charged by the chunk reader
/// up front, from the count the chunk declares).
/// </summary>
internal sealed class ColumnBuffer
{
    private readonly ColumnDescriptor column;
    private readonly DecodeBudget budget;
    private readonly string where;
    private short[] definitions;
    private short[] repetitions;
    private Array? fixedValues;
    private long binaryCharged;
    private readonly KeptArrays? arrays;

    /// <summary>The dictionary index of every value so far, while each came through one dictionary (<see cref="KeepIndices"/>).</summary>
    private ushort[]? indices;
    private Dictionary? indexedBy;
    private int indexedCount;
    private bool unindexed;

    /// <param name="expectedLevels">The level entries the chunk plausibly holds.</param>
    /// <param name="expectedBinaryBytes">The bytes its BYTE_ARRAY values plausibly take (the chunk's uncompressed size, bounded).</param>
    /// <param name="arrays">Arrays kept from earlier chunks to decode into, when the reader keeps them.</param>
    /// <param name="keepIndices">Whether to keep the dictionary indices of the values (<see cref="KeepIndices"/>).</param>
    public ColumnBuffer(ColumnDescriptor column, int expectedLevels, DecodeBudget budget, string where, int expectedBinaryBytes = 256, KeptArrays? arrays = null, bool keepIndices = false)
    {
        this.column = column;
        this.budget = budget;
        this.where = where;
        this.arrays = arrays;
        this.unindexed = !keepIndices;
        int capacity = Math.Max(expectedLevels, 1);
        // Uninitialized: pages overwrite every slot they append, and ToColumnData clears the rest.
        this.definitions = column.MaxDefinitionLevel > 0 ? NewArray<short>(capacity, uninitialized: true, arrays) : [];
        this.repetitions = column.MaxRepetitionLevel > 0 ? NewArray<short>(capacity, uninitialized: true, arrays) : [];
        if (column.PhysicalType is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray)
        {
            Binary = new BinaryValues(capacity, column.PhysicalType == PhysicalType.FixedLenByteArray ? capacity * column.TypeLength : expectedBinaryBytes);
        }
        else
        {
            this.fixedValues = NewArray(column.PhysicalType, capacity, uninitialized: true, arrays);
        }
    }

    public int LevelCount { get; private set; }
    public int ValueCount { get; private set; }
    public BinaryValues? Binary { get; }

    public ReadOnlySpan<short> Repetitions => this.repetitions.AsSpan(0, LevelCount);

    /// <summary>Reserves the next <paramref name="count"/> definition and repetition level slots; returns the first slot.</summary>
    public int AppendLevels(int count)
    {
        int needed = checked(LevelCount + count);
        if (this.column.MaxDefinitionLevel > 0 && needed > this.definitions.Length)
        {
            Array.Resize(ref this.definitions, Grow(this.definitions.Length, needed));
        }
        if (this.column.MaxRepetitionLevel > 0 && needed > this.repetitions.Length)
        {
            Array.Resize(ref this.repetitions, Grow(this.repetitions.Length, needed));
        }
        int start = LevelCount;
        LevelCount = needed;
        return start;
    }

    /// <summary>Definition level slots (empty for a column that is required throughout).</summary>
    public Span<short> DefinitionSlots(int start, int count) => this.column.MaxDefinitionLevel > 0 ? this.definitions.AsSpan(start, count) : [];

    /// <summary>Repetition level slots (empty for a column that is not repeated).</summary>
    public Span<short> RepetitionSlots(int start, int count) => this.column.MaxRepetitionLevel > 0 ? this.repetitions.AsSpan(start, count) : [];

    /// <summary>Reserves the next <paramref name="count"/> fixed-width values.</summary>
    public Span<T> AppendValues<T>(int count) where T : unmanaged
    {
        var array = (T[])this.fixedValues!;
        int needed = checked(ValueCount + count);
        this.budget.Take((long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), this.where);
        if (needed > array.Length)
        {
            Array.Resize(ref array, Grow(array.Length, needed));
            this.fixedValues = array;
        }
        var span = array.AsSpan(ValueCount, count);
        ValueCount = needed;
        return span;
    }

    /// <summary>
    /// Keeps the dictionary indices of the values a lookup just appended, when asked to, so that an
    /// importer can hand them to the dictionary codec (<see cref="ColumnData.DictionaryIndices"/>). Kept only
    /// while every value of the chunk came through this one dictionary of at most 65,536 entries:
    /// a PLAIN page (a writer's fallback when its dictionary grew) loses them for the chunk.
    /// </summary>
    public void KeepIndices(ReadOnlySpan<int> appended, Dictionary dictionary)
    {
        int start = ValueCount - appended.Length;
        if (this.unindexed || dictionary.Count > ushort.MaxValue + 1 || start != this.indexedCount || (this.indexedBy ?? dictionary) != dictionary)
        {
            this.unindexed = true;
            return;
        }
        this.budget.Take(2L * appended.Length, this.where);
        if (this.indices is null || this.indices.Length < ValueCount)
        {
            // As long as the values' array, which grows ahead of them.
            var grown = NewArray<ushort>(Math.Max(ValueCount, this.fixedValues!.Length), uninitialized: true, this.arrays);
            this.indices?.AsSpan(0, start).CopyTo(grown);
            this.indices = grown;
        }
        Narrow(appended, this.indices.AsSpan(start, appended.Length));
        this.indexedBy = dictionary;
        this.indexedCount = ValueCount;
    }

    /// <summary>
    /// Indices below 65,536 (the lookup checked them) as 16 bits, sixteen at a time:
    /// <c>TensorPrimitives.ConvertTruncating</c> converts int to ushort one by one.
    /// </summary>
    private static void Narrow(ReadOnlySpan<int> wide, Span<ushort> narrow)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var source = MemoryMarshal.Cast<int, uint>(wide);
            for (; i <= wide.Length - 16; i += 16)
            {
                Vector256.Narrow(Vector256.Create(source.Slice(i, 8)), Vector256.Create(source.Slice(i + 8, 8))).CopyTo(narrow[i..]);
            }
        }
        for (; i < wide.Length; i++)
        {
            narrow[i] = (ushort)wide[i];
        }
    }

    /// <summary>Records that binary values were appended to <see cref="Binary"/> directly, and charges them.</summary>
    public void SyncBinaryCount()
    {
        ValueCount = Binary!.Count;
        ChargeBinary(Binary.ByteLength + (4L * ValueCount) - this.binaryCharged);
    }

    /// <summary>Charges binary bytes about to be appended, before they are copied (dictionary lookups expand).</summary>
    public void ChargeBinary(long bytes)
    {
        this.budget.Take(bytes, this.where);
        this.binaryCharged += bytes;
    }

    /// <summary>Charges the level entries a chunk declares, before any is decoded.</summary>
    public void ChargeLevels(long count) =>
        this.budget.Take(count * 2 * ((this.column.MaxDefinitionLevel > 0 ? 1 : 0) + (this.column.MaxRepetitionLevel > 0 ? 1 : 0)), this.where);

    public ColumnData ToColumnData()
    {
        // The slots past the counts were never written: cleared, so no stale memory is handed out.
        if (this.fixedValues is { } values)
        {
            Array.Clear(values, ValueCount, values.Length - ValueCount);
        }
        this.definitions.AsSpan(Math.Min(LevelCount, this.definitions.Length)).Clear();
        this.repetitions.AsSpan(Math.Min(LevelCount, this.repetitions.Length)).Clear();
        bool indexed = !this.unindexed && this.indexedBy is not null && this.indexedCount == ValueCount;
        return new(this.column, (object?)Binary ?? this.fixedValues!, ValueCount, this.definitions, this.repetitions, LevelCount)
        {
            DictionaryIndices = indexed ? this.indices : null,
            DictionaryValues = indexed ? this.indexedBy!.FixedValues : null,
        };
    }

    /// <summary>Storage for <paramref name="length"/> values: cleared, unless <paramref name="uninitialized"/> (then possibly longer, when kept from an earlier chunk).</summary>
    internal static Array NewArray(PhysicalType type, int length, bool uninitialized = false, KeptArrays? arrays = null) => type switch
    {
        PhysicalType.Boolean => NewArray<bool>(length, uninitialized, arrays),
        PhysicalType.Int32 => NewArray<int>(length, uninitialized, arrays),
        PhysicalType.Int64 => NewArray<long>(length, uninitialized, arrays),
        PhysicalType.Int96 => NewArray<Int96>(length, uninitialized, arrays),
        PhysicalType.Float => NewArray<float>(length, uninitialized, arrays),
        PhysicalType.Double => NewArray<double>(length, uninitialized, arrays),
        _ => throw new ParquetFormatException($"Physical type {type} has no fixed-width storage."),
    };

    private static T[] NewArray<T>(int length, bool uninitialized, KeptArrays? arrays) where T : unmanaged =>
        !uninitialized ? new T[length] : arrays?.Rent<T>(length) ?? GC.AllocateUninitializedArray<T>(length);

    private static int Grow(int current, int needed) => (int)Math.Min(Array.MaxLength, Math.Max(needed, current * 2L));
}
