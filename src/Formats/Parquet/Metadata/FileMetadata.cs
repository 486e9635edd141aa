namespace Tessera.Formats.Parquet.Metadata;

/// <summary>The file footer (Thrift FileMetaData), with the fields this codec reads and writes.</summary>
public sealed class FileMetadata
{
    public int Version { get; set; } = 2;
    public List<SchemaElement> Schema { get; set; } = [];
    public long NumRows { get; set; }
    public List<RowGroupMetadata> RowGroups { get; set; } = [];
    public List<KeyValuePair<string, string?>> KeyValueMetadata { get; set; } = [];
    public string? CreatedBy { get; set; }
    /// <summary>True when column_orders says min/max statistics use the type-defined order.</summary>
    public bool HasTypeDefinedColumnOrders { get; set; }
}

/// <summary>One node of the flattened schema (Thrift SchemaElement), in depth-first order.</summary>
public sealed class SchemaElement
{
    public string Name { get; set; } = "";
    public PhysicalType? Type { get; set; }
    public int? TypeLength { get; set; }
    public Repetition? Repetition { get; set; }
    public int? NumChildren { get; set; }
    public ConvertedType? ConvertedType { get; set; }
    public int? Scale { get; set; }
    public int? Precision { get; set; }
    public int? FieldId { get; set; }
    public LogicalType? LogicalType { get; set; }
}

/// <summary>A row group: its row count and one column chunk per leaf column (Thrift RowGroup).</summary>
public sealed class RowGroupMetadata
{
    public List<ColumnChunkMetadata> Columns { get; set; } = [];
    public long TotalByteSize { get; set; }
    public long NumRows { get; set; }
}

/// <summary>Where a column chunk's pages are and how they are stored (Thrift ColumnChunk + ColumnMetaData).</summary>
public sealed class ColumnChunkMetadata
{
    public PhysicalType Type { get; set; }
    public List<ParquetEncoding> Encodings { get; set; } = [];
    public List<string> PathInSchema { get; set; } = [];
    public CompressionCodec Codec { get; set; }
    public long NumValues { get; set; }
    public long TotalUncompressedSize { get; set; }
    public long TotalCompressedSize { get; set; }
    public List<KeyValuePair<string, string?>> KeyValueMetadata { get; set; } = [];
    public long DataPageOffset { get; set; }
    public long? DictionaryPageOffset { get; set; }
    public Statistics? Statistics { get; set; }
    public long FileOffset { get; set; }
}

/// <summary>Column statistics; Min/Max are PLAIN-encoded values (Thrift Statistics min_value/max_value).</summary>
public sealed class Statistics
{
    public byte[]? Min { get; set; }
    public byte[]? Max { get; set; }
    public long? NullCount { get; set; }
    public long? DistinctCount { get; set; }
}

/// <summary>A page header (Thrift PageHeader and its per-kind sub-headers, flattened).</summary>
internal sealed class PageHeader
{
    public PageType Type { get; set; }
    public int UncompressedPageSize { get; set; }
    public int CompressedPageSize { get; set; }
    public int? Crc { get; set; }
    public int NumValues { get; set; }
    public ParquetEncoding Encoding { get; set; }
    public ParquetEncoding DefinitionLevelEncoding { get; set; } = ParquetEncoding.Rle;
    public ParquetEncoding RepetitionLevelEncoding { get; set; } = ParquetEncoding.Rle;
    public int NumNulls { get; set; }
    public int NumRows { get; set; }
    public int DefinitionLevelsByteLength { get; set; }
    public int RepetitionLevelsByteLength { get; set; }
    public bool IsCompressed { get; set; } = true;
    public bool HasTypeHeader { get; set; }
    public Statistics? Statistics { get; set; }
}
