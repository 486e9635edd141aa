namespace Tessera.Formats.Parquet.Reading;

/// <summary>Limits and checks of <see cref="ParquetReader"/>. The defaults suit files from mainstream writers.</summary>
public sealed record ParquetReaderOptions
{
    /// <summary>Verify page CRCs when a page header carries one (a mismatch is an error).</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>
    /// Largest decompressed-to-compressed size ratio accepted for a page. A page header claiming more
    /// is treated as corrupt, so a small corrupt file cannot demand a huge allocation.
    /// </summary>
    public int MaxCompressionRatio { get; init; } = 4096;

    /// <summary>
    /// Level entries (values, nulls, empty lists) allowed per byte of column chunk, plus
    /// <see cref="LevelAllowance"/>: RLE can describe many nulls in few bytes, but not unboundedly many.
    /// </summary>
    public int MaxLevelsPerByte { get; init; } = 4096;

    /// <summary>Level entries every column chunk may hold regardless of its size.</summary>
    public int LevelAllowance { get; init; } = 1 << 20;
}
