namespace Tessera.Formats.Mapping;

/// <summary>What to import and where: the same options serve every format (each uses what applies).</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// The node to import into: a group for Parquet, CSV and .npz (one column per file column or
    /// member), a column for .npy.
    /// </summary>
    public required string Into { get; init; }

    /// <summary>The file column whose values are the sample keys (int ≥ 0 or string); null: the row index.</summary>
    public string? Key { get; init; }

    /// <summary>Only these file columns (or .npz members); null: all of them.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Parquet: file columns imported under another name (file name → node name), for names that are not node names.</summary>
    public IReadOnlyDictionary<string, string>? Rename { get; init; }

    /// <summary>Parquet: the reader's limits (<see cref="Parquet.Reading.ParquetReaderOptions"/>); raise them for a sound file beyond them.</summary>
    public Parquet.Reading.ParquetReaderOptions ParquetLimits { get; init; } = new();

    /// <summary>CSV: the types of these columns, instead of the ones inferred from the data (see <see cref="CsvImporter.ParseTypes"/>).</summary>
    public IReadOnlyDictionary<string, Csv.CsvColumnType>? Types { get; init; }
}

/// <summary>What an import read and staged.</summary>
/// <param name="Rows">Rows (or samples along axis 0) read from the file.</param>
/// <param name="Samples">Samples read and written to the columns (absent values give none).</param>
/// <param name="Bytes">Decoded bytes of those samples.</param>
/// <param name="Columns">The columns written to, in file order.</param>
/// <param name="ColumnsCreated">Those of <paramref name="Columns"/> that did not exist before.</param>
public sealed record ImportResult(string Format, string File, string Into, long Rows, long Samples, long Bytes,
    IReadOnlyList<string> Columns, IReadOnlyList<string> ColumnsCreated)
{
    /// <summary>
    /// Of <see cref="Samples"/>, those staged: a key that already held its sample (a table imported
    /// again over its commit, or over its own earlier import) is left alone.
    /// </summary>
    public long Staged { get; init; }
}
