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
    private readonly ColumnDescriptor _column;
    private readonly DecodeBudget _budget;
    private readonly string _where;
    private short[] _definitions;
    private short[] _repetitions;
    private Array? _fixed;
    private long _binaryCharged;

    public ColumnBuffer(ColumnDescriptor column, int expectedLevels, DecodeBudget budget, string where)
    {
        _column = column;
        _budget = budget;
        _where = where;
        int capacity = Math.Max(expectedLevels, 1);
        _definitions = column.MaxDefinitionLevel > 0 ? new short[capacity] : [];
        _repetitions = column.MaxRepetitionLevel > 0 ? new short[capacity] : [];
        if (column.PhysicalType is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray)
        {
            Binary = new BinaryValues(capacity, column.PhysicalType == PhysicalType.FixedLenByteArray ? capacity * column.TypeLength : 256);
        }
        else
        {
            _fixed = NewArray(column.PhysicalType, capacity);
        }
    }

    public int LevelCount { get; private set; }
    public int ValueCount { get; private set; }
    public BinaryValues? Binary { get; }

    public ReadOnlySpan<short> Repetitions => _repetitions.AsSpan(0, LevelCount);

    /// <summary>Reserves the next <paramref name="count"/> definition and repetition level slots; returns the first slot.</summary>
    public int AppendLevels(int count)
    {
        int needed = checked(LevelCount + count);
        if (_column.MaxDefinitionLevel > 0 && needed > _definitions.Length)
        {
            Array.Resize(ref _definitions, Grow(_definitions.Length, needed));
        }
        if (_column.MaxRepetitionLevel > 0 && needed > _repetitions.Length)
        {
            Array.Resize(ref _repetitions, Grow(_repetitions.Length, needed));
        }
        int start = LevelCount;
        LevelCount = needed;
        return start;
    }

    /// <summary>Definition level slots (empty for a column that is required throughout).</summary>
    public Span<short> DefinitionSlots(int start, int count) => _column.MaxDefinitionLevel > 0 ? _definitions.AsSpan(start, count) : [];

    /// <summary>Repetition level slots (empty for a column that is not repeated).</summary>
    public Span<short> RepetitionSlots(int start, int count) => _column.MaxRepetitionLevel > 0 ? _repetitions.AsSpan(start, count) : [];

    /// <summary>Reserves the next <paramref name="count"/> fixed-width values.</summary>
    public Span<T> AppendValues<T>(int count) where T : unmanaged
    {
        var array = (T[])_fixed!;
        int needed = checked(ValueCount + count);
        _budget.Take((long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), _where);
        if (needed > array.Length)
        {
            Array.Resize(ref array, Grow(array.Length, needed));
            _fixed = array;
        }
        var span = array.AsSpan(ValueCount, count);
        ValueCount = needed;
        return span;
    }

    /// <summary>Records that binary values were appended to <see cref="Binary"/> directly, and charges them.</summary>
    public void SyncBinaryCount()
    {
        ValueCount = Binary!.Count;
        ChargeBinary(Binary.ByteLength + (4L * ValueCount) - _binaryCharged);
    }

    /// <summary>Charges binary bytes about to be appended, before they are copied (dictionary lookups expand).</summary>
    public void ChargeBinary(long bytes)
    {
        _budget.Take(bytes, _where);
        _binaryCharged += bytes;
    }

    /// <summary>Charges the level entries a chunk declares, before any is decoded.</summary>
    public void ChargeLevels(long count) =>
        _budget.Take(count * 2 * ((_column.MaxDefinitionLevel > 0 ? 1 : 0) + (_column.MaxRepetitionLevel > 0 ? 1 : 0)), _where);

    public ColumnData ToColumnData() =>
        new(_column, (object?)Binary ?? _fixed!, ValueCount, _definitions, _repetitions, LevelCount);

    internal static Array NewArray(PhysicalType type, int length) => type switch
    {
        PhysicalType.Boolean => new bool[length],
        PhysicalType.Int32 => new int[length],
        PhysicalType.Int64 => new long[length],
        PhysicalType.Int96 => new Int96[length],
        PhysicalType.Float => new float[length],
        PhysicalType.Double => new double[length],
        _ => throw new ParquetFormatException($"Physical type {type} has no fixed-width storage."),
    };

    private static int Grow(int current, int needed) => (int)Math.Min(Array.MaxLength, Math.Max(needed, current * 2L));
}
