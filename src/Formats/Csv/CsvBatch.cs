namespace Tessera.Formats.Csv;

/// <summary>
/// A run of consecutive CSV rows stored by column: an int64, float64 or string array per column, plus null flags.
/// Null numbers read as 0 in the value arrays; check <see cref="IsNull"/>.
/// </summary>
public sealed class CsvBatch
{
    private readonly Array[] values;
    private readonly bool[][] nulls;

    internal CsvBatch(IReadOnlyList<CsvColumn> columns, int capacity)
    {
        Columns = columns;
        this.values = new Array[columns.Count];
        this.nulls = new bool[columns.Count][];
        for (int i = 0; i < columns.Count; i++)
        {
            this.values[i] = columns[i].Type switch
            {
                CsvColumnType.Int64 => new long[capacity],
                CsvColumnType.Float64 => new double[capacity],
                _ => new string?[capacity],
            };
            this.nulls[i] = new bool[capacity];
        }
    }

    public IReadOnlyList<CsvColumn> Columns { get; }

    public int RowCount { get; private set; }

    /// <summary>The input line the batch's first row starts on.</summary>
    public long FirstLine { get; internal set; }

    internal int Capacity => this.nulls[0].Length;

    public ReadOnlySpan<long> GetInt64(int column) => ((long[])Typed(column, CsvColumnType.Int64)).AsSpan(0, RowCount);

    public ReadOnlySpan<double> GetFloat64(int column) => ((double[])Typed(column, CsvColumnType.Float64)).AsSpan(0, RowCount);

    /// <summary>The strings of a string column; null entries are nulls (empty unquoted fields).</summary>
    public ReadOnlySpan<string?> GetStrings(int column) => ((string?[])Typed(column, CsvColumnType.String)).AsSpan(0, RowCount);

    public bool IsNull(int column, int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)RowCount, nameof(row));
        return this.nulls[column][row];
    }

    internal Array Values(int column) => this.values[column];

    internal void SetNull(int column, int row) => this.nulls[column][row] = true;

    internal void AddRow() => RowCount++;

    private Array Typed(int column, CsvColumnType type) =>
        Columns[column].Type == type
            ? this.values[column]
            : throw new InvalidOperationException($"Column '{Columns[column].Name}' is {Columns[column].Type}, not {type}.");
}
