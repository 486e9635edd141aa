using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Mapping;

/// <summary>What to export: from where, which columns, and the file's compression.</summary>
public sealed record ExportOptions
{
    /// <summary>The commit, branch or tag to read; null: the staging area (what <c>get</c> reads).</summary>
    public string? Revision { get; init; }

    /// <summary>
    /// Only these columns of the group, in this order (file columns, or .npz members); null: every flat column directly
    /// in the group, in node order (by name).
    /// </summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Parquet page compression.</summary>
    public CompressionCodec ParquetCompression { get; init; } = CompressionCodec.Snappy;

    /// <summary>.npz members stored (as <c>np.savez</c>) or deflated (as <c>np.savez_compressed</c>).</summary>
    public NumPy.NpzCompression NpzCompression { get; init; } = NumPy.NpzCompression.Stored;
}

/// <summary>What an export wrote.</summary>
/// <param name="Commit">The full id of the commit read; null when the staging area was read.</param>
/// <param name="Rows">Rows written (Parquet, CSV: the union of keys; NumPy: samples along axis 0 of each array).</param>
/// <param name="Samples">Samples read from the repository.</param>
/// <param name="Bytes">Sample bytes read.</param>
/// <param name="Columns">The columns exported, in file order.</param>
public sealed record ExportResult(string Format, string Path, string File, string? Commit, long Rows, long Samples, long Bytes,
    IReadOnlyList<string> Columns);
