namespace Tessera.Formats.Csv;

/// <summary>How <see cref="CsvReader"/> reads.</summary>
public sealed record CsvReadOptions
{
    /// <summary>Types forced by column name; the other columns are inferred from the data.</summary>
    public IReadOnlyDictionary<string, CsvColumnType> ColumnTypes { get; init; } = new Dictionary<string, CsvColumnType>();

    /// <summary>Rows per <see cref="CsvBatch"/>.</summary>
    public int BatchRows { get; init; } = 65_536;

    /// <summary>
    /// Longest record accepted, in characters. Bounds memory, and stops an unclosed quote from swallowing the
    /// rest of a large file before it is reported.
    /// </summary>
    public int MaxRecordLength { get; init; } = 16 << 20;
}
