using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;

namespace Tessera.Formats.Parquet.Values;

/// <summary>
/// One column's values for a row group in shredded (Dremel) form: the non-null leaf values in
/// order, plus definition and repetition levels when the column is optional or repeated.
/// <see cref="Values"/> is a <c>bool[]</c>, <c>int[]</c>, <c>long[]</c>, <see cref="Int96"/>[],
/// <c>float[]</c>, <c>double[]</c> (arrays may be longer than <see cref="ValueCount"/>) or a
/// <see cref="BinaryValues"/> for BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY columns.
/// </summary>
public sealed class ColumnData
{
    /// <summary>Wraps shredded data; level arrays may be null when the column's maximum level is 0.</summary>
    public ColumnData(ColumnDescriptor column, object values, int valueCount,
        short[]? definitionLevels = null, short[]? repetitionLevels = null, int? levelCount = null)
    {
        Column = column;
        Values = values;
        ValueCount = valueCount;
        DefinitionLevelArray = definitionLevels ?? [];
        RepetitionLevelArray = repetitionLevels ?? [];
        LevelCount = levelCount ?? (column.MaxDefinitionLevel > 0 ? DefinitionLevelArray.Length : valueCount);
        Validate();
    }

    private readonly int uniformRowLevels;

    public ColumnDescriptor Column { get; }
    public object Values { get; }

    /// <summary>
    /// When every value of an int32, int64, float or double chunk came through one dictionary of at
    /// most 65,536 entries: value i is <see cref="DictionaryValues"/>[DictionaryIndices[i]] (the array
    /// may be longer than <see cref="ValueCount"/>). An importer hands them to the dictionary codec.
    /// </summary>
    internal ushort[]? DictionaryIndices { get; init; }

    /// <summary>The entries of the dictionary <see cref="DictionaryIndices"/> index, of the type of <see cref="Values"/>.</summary>
    internal Array? DictionaryValues { get; init; }

    /// <summary>
    /// When above zero, every row's levels are the first row's, which take this many entries (an
    /// exported fixed-shape array column with no null rows, whose values are not binary): the writer
    /// then counts rows and values and cuts pages by arithmetic, and encodes the levels of equally
    /// long pages once. Set by whoever built the levels, who knows; not checked entry by entry.
    /// </summary>
    internal int UniformRowLevels
    {
        get => this.uniformRowLevels;
        init
        {
            if (value < 0 || (value > 0 && (LevelCount % value != 0 || Values is BinaryValues)))
                throw new ArgumentException($"Column {Column}: {LevelCount} levels are not rows of {value} alike.");
            this.uniformRowLevels = value;
        }
    }

    /// <summary>Number of non-null leaf values.</summary>
    public int ValueCount { get; }
    /// <summary>Number of level entries (leaf slots, nulls and empty lists included).</summary>
    public int LevelCount { get; }
    internal short[] DefinitionLevelArray { get; }
    internal short[] RepetitionLevelArray { get; }

    /// <summary>Definition levels, empty when the column is required at every level.</summary>
    public ReadOnlySpan<short> DefinitionLevels => Column.MaxDefinitionLevel == 0 ? [] : DefinitionLevelArray.AsSpan(0, LevelCount);

    /// <summary>Repetition levels, empty when the column is not repeated.</summary>
    public ReadOnlySpan<short> RepetitionLevels => Column.MaxRepetitionLevel == 0 ? [] : RepetitionLevelArray.AsSpan(0, LevelCount);

    /// <summary>The values as a typed span; <typeparamref name="T"/> must match the physical type.</summary>
    public ReadOnlySpan<T> Span<T>() where T : unmanaged =>
        Values is T[] array ? array.AsSpan(0, ValueCount)
            : throw new InvalidOperationException($"Column {Column} holds {Values.GetType().Name}, not {typeof(T).Name}[].");

    /// <summary>The values of a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY column.</summary>
    public BinaryValues Binary => Values as BinaryValues
        ?? throw new InvalidOperationException($"Column {Column} holds {Values.GetType().Name}, not binary values.");

    /// <summary>The value at <paramref name="index"/> (among non-null values) converted per its logical type.</summary>
    public object GetValue(int index) => LogicalValues.Convert(this, index);

    /// <summary>
    /// The value (or null) of each level entry, for columns that are not repeated: entry i is row i.
    /// </summary>
    public object?[] ToRowValues()
    {
        if (Column.MaxRepetitionLevel > 0)
        {
            throw new InvalidOperationException($"Column {Column} is repeated; use RecordAssembler to build nested rows.");
        }
        var rows = new object?[LevelCount];
        var definitions = DefinitionLevels;
        int max = Column.MaxDefinitionLevel;
        int next = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = max == 0 || definitions[i] == max ? GetValue(next++) : null;
        }
        return rows;
    }

    private void Validate()
    {
        int capacity = Values switch
        {
            BinaryValues binary => binary.Count,
            Array array => array.Length,
            _ => -1,
        };
        var expected = Column.PhysicalType switch
        {
            PhysicalType.Boolean => typeof(bool[]),
            PhysicalType.Int32 => typeof(int[]),
            PhysicalType.Int64 => typeof(long[]),
            PhysicalType.Int96 => typeof(Int96[]),
            PhysicalType.Float => typeof(float[]),
            PhysicalType.Double => typeof(double[]),
            _ => typeof(BinaryValues),
        };
        if (Values.GetType() != expected)
        {
            throw new ArgumentException($"Column {Column} ({Column.PhysicalType}) needs {expected.Name} values, not {Values.GetType().Name}.");
        }
        if (ValueCount < 0 || ValueCount > capacity || ValueCount > LevelCount)
        {
            throw new ArgumentException($"Column {Column}: {ValueCount} values but storage holds {capacity}.");
        }
        if ((Column.MaxDefinitionLevel > 0 && DefinitionLevelArray.Length < LevelCount)
            || (Column.MaxRepetitionLevel > 0 && RepetitionLevelArray.Length < LevelCount))
        {
            throw new ArgumentException($"Column {Column}: level arrays are shorter than {LevelCount} entries.");
        }
    }
}
