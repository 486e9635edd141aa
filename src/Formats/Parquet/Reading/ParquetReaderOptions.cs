namespace Tessera.Formats.Parquet.Reading;

/// <summary>
/// Limits and checks of <see cref="ParquetReader"/>. The limits are absolute budgets, not ratios,
/// so that no sound file is refused for compressing well (a page of spaces, a constant column),
/// while a small corrupt or hostile file still cannot make the reader allocate more than them.
/// </summary>
public sealed record ParquetReaderOptions
{
    /// <summary>Verify page CRCs when a page header carries one (a mismatch is an error).</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>
    /// Largest decompressed size a page may declare (256 MiB; writers cut pages near 1 MiB). A page
    /// decompresses into exactly its declared size, so this bounds each page's buffer.
    /// </summary>
    public int MaxPageBytes { get; init; } = 256 << 20;

    /// <summary>
    /// Largest decoded size of the column chunks read from one row group together: levels, values and
    /// the strings dictionary indices expand to (4 GiB). Counted as pages decode, so a file whose
    /// pages expand beyond it is refused when it gets there, before allocating more.
    /// </summary>
    public long MaxRowGroupBytes { get; init; } = 4L << 30;

    /// <summary>
    /// Keep the dictionary indices of numeric chunks beside their values
    /// (<see cref="Values.ColumnData.DictionaryIndices"/>): for the importer, which hands them to the
    /// dictionary codec; other readers do not pay their 2 bytes per value.
    /// </summary>
    internal bool KeepDictionaryIndices { get; init; }
}
