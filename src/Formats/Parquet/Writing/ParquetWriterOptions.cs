using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>Data page format: v1 (levels inside the compressed body) or v2 (levels stored uncompressed before it).</summary>
public enum DataPageVersion
{
    V1 = 1,
    V2 = 2,
}

/// <summary>How <see cref="ParquetWriter"/> lays out and encodes data.</summary>
public sealed record ParquetWriterOptions
{
    /// <summary>UNCOMPRESSED, SNAPPY, GZIP, BROTLI or ZSTD (Tessera's own fast encoder; see docs/formats.md).</summary>
    public CompressionCodec Codec { get; init; } = CompressionCodec.Snappy;

    public DataPageVersion PageVersion { get; init; } = DataPageVersion.V1;

    /// <summary>Dictionary-encode columns (not booleans) whose distinct values fit <see cref="MaxDictionaryBytes"/>.</summary>
    public bool UseDictionary { get; init; } = true;

    /// <summary>Largest PLAIN size of a dictionary before the column falls back to non-dictionary encoding.</summary>
    public int MaxDictionaryBytes { get; init; } = 1024 * 1024;

    /// <summary>Encode INT32/INT64 columns that are not dictionary-encoded with DELTA_BINARY_PACKED instead of PLAIN.</summary>
    public bool UseDeltaEncoding { get; init; }

    /// <summary>Upper bound on rows per row group; larger batches are split.</summary>
    public int MaxRowsPerRowGroup { get; init; } = 1024 * 1024;

    /// <summary>Approximate upper bound on a data page's encoded size (pages always end at row boundaries).</summary>
    public int MaxPageBytes { get; init; } = 1024 * 1024;

    /// <summary>Write column chunk statistics (min, max, null count).</summary>
    public bool WriteStatistics { get; init; } = true;

    /// <summary>Write a CRC-32 of every page.</summary>
    public bool WritePageChecksums { get; init; } = true;

    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata { get; init; } = [];

    public string CreatedBy { get; init; } = "Tessera";
}
