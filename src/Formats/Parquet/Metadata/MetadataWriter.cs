using Tessera.Formats.Parquet.Thrift;

namespace Tessera.Formats.Parquet.Metadata;

/// <summary>Encodes the footer and page headers as Thrift compact bytes.</summary>
internal static class MetadataWriter
{
    public static byte[] WriteFileMetadata(FileMetadata file)
    {
        var w = new ThriftCompactWriter();
        w.BeginStruct();
        w.FieldI32(1, file.Version);
        w.FieldListBegin(2, ThriftType.Struct, file.Schema.Count);
        foreach (var element in file.Schema)
        {
            WriteSchemaElement(w, element);
        }
        w.FieldI64(3, file.NumRows);
        w.FieldListBegin(4, ThriftType.Struct, file.RowGroups.Count);
        foreach (var group in file.RowGroups)
        {
            WriteRowGroup(w, group);
        }
        if (file.KeyValueMetadata.Count > 0)
        {
            WriteKeyValues(w, 5, file.KeyValueMetadata);
        }
        if (file.CreatedBy is not null)
        {
            w.FieldString(6, file.CreatedBy);
        }
        if (file.HasTypeDefinedColumnOrders)
        {
            int leaves = file.Schema.Count(e => e.Type is not null);
            w.FieldListBegin(7, ThriftType.Struct, leaves);
            for (int i = 0; i < leaves; i++)
            {
                w.BeginStruct();
                w.FieldStructBegin(1);
                w.EndStruct();
                w.EndStruct();
            }
        }
        w.EndStruct();
        return w.WrittenSpan.ToArray();
    }

    public static byte[] WritePageHeader(PageHeader header)
    {
        var w = new ThriftCompactWriter();
        w.BeginStruct();
        w.FieldI32(1, (int)header.Type);
        w.FieldI32(2, header.UncompressedPageSize);
        w.FieldI32(3, header.CompressedPageSize);
        if (header.Crc is { } crc)
        {
            w.FieldI32(4, crc);
        }
        switch (header.Type)
        {
            case PageType.DataPage:
                w.FieldStructBegin(5);
                w.FieldI32(1, header.NumValues);
                w.FieldI32(2, (int)header.Encoding);
                w.FieldI32(3, (int)header.DefinitionLevelEncoding);
                w.FieldI32(4, (int)header.RepetitionLevelEncoding);
                WriteOptionalStatistics(w, 5, header.Statistics);
                w.EndStruct();
                break;
            case PageType.DictionaryPage:
                w.FieldStructBegin(7);
                w.FieldI32(1, header.NumValues);
                w.FieldI32(2, (int)header.Encoding);
                w.EndStruct();
                break;
            case PageType.DataPageV2:
                w.FieldStructBegin(8);
                w.FieldI32(1, header.NumValues);
                w.FieldI32(2, header.NumNulls);
                w.FieldI32(3, header.NumRows);
                w.FieldI32(4, (int)header.Encoding);
                w.FieldI32(5, header.DefinitionLevelsByteLength);
                w.FieldI32(6, header.RepetitionLevelsByteLength);
                w.FieldBool(7, header.IsCompressed);
                WriteOptionalStatistics(w, 8, header.Statistics);
                w.EndStruct();
                break;
            default:
                throw new ArgumentException($"Cannot write a {header.Type} page.", nameof(header));
        }
        w.EndStruct();
        return w.WrittenSpan.ToArray();
    }

    private static void WriteSchemaElement(ThriftCompactWriter w, SchemaElement e)
    {
        w.BeginStruct();
        if (e.Type is { } type)
        {
            w.FieldI32(1, (int)type);
        }
        if (e.TypeLength is { } length)
        {
            w.FieldI32(2, length);
        }
        if (e.Repetition is { } repetition)
        {
            w.FieldI32(3, (int)repetition);
        }
        w.FieldString(4, e.Name);
        if (e.NumChildren is { } children)
        {
            w.FieldI32(5, children);
        }
        if (e.ConvertedType is { } converted)
        {
            w.FieldI32(6, (int)converted);
        }
        if (e.Scale is { } scale)
        {
            w.FieldI32(7, scale);
        }
        if (e.Precision is { } precision)
        {
            w.FieldI32(8, precision);
        }
        if (e.FieldId is { } fieldId)
        {
            w.FieldI32(9, fieldId);
        }
        if (e.LogicalType is { Kind: not LogicalTypeKind.Unsupported } logical)
        {
            WriteLogicalType(w, logical);
        }
        w.EndStruct();
    }

    private static void WriteLogicalType(ThriftCompactWriter w, LogicalType logical)
    {
        w.FieldStructBegin(10);
        w.FieldStructBegin((short)logical.Kind);
        switch (logical.Kind)
        {
            case LogicalTypeKind.Decimal:
                w.FieldI32(1, logical.Scale);
                w.FieldI32(2, logical.Precision);
                break;
            case LogicalTypeKind.Time or LogicalTypeKind.Timestamp:
                w.FieldBool(1, logical.IsAdjustedToUtc);
                w.FieldStructBegin(2);
                w.FieldStructBegin(logical.Unit switch { TimeUnit.Millis => 1, TimeUnit.Micros => 2, _ => 3 });
                w.EndStruct();
                w.EndStruct();
                break;
            case LogicalTypeKind.Integer:
                w.FieldByte(1, (sbyte)logical.BitWidth);
                w.FieldBool(2, logical.IsSigned);
                break;
        }
        w.EndStruct();
        w.EndStruct();
    }

    private static void WriteRowGroup(ThriftCompactWriter w, RowGroupMetadata group)
    {
        w.BeginStruct();
        w.FieldListBegin(1, ThriftType.Struct, group.Columns.Count);
        foreach (var chunk in group.Columns)
        {
            w.BeginStruct();
            w.FieldI64(2, chunk.FileOffset);
            w.FieldStructBegin(3);
            WriteColumnMetadata(w, chunk);
            w.EndStruct();
            w.EndStruct();
        }
        w.FieldI64(2, group.TotalByteSize);
        w.FieldI64(3, group.NumRows);
        w.EndStruct();
    }

    private static void WriteColumnMetadata(ThriftCompactWriter w, ColumnChunkMetadata meta)
    {
        w.FieldI32(1, (int)meta.Type);
        w.FieldListBegin(2, ThriftType.I32, meta.Encodings.Count);
        foreach (var encoding in meta.Encodings)
        {
            w.ElementI32((int)encoding);
        }
        w.FieldListBegin(3, ThriftType.Binary, meta.PathInSchema.Count);
        foreach (var part in meta.PathInSchema)
        {
            w.ElementString(part);
        }
        w.FieldI32(4, (int)meta.Codec);
        w.FieldI64(5, meta.NumValues);
        w.FieldI64(6, meta.TotalUncompressedSize);
        w.FieldI64(7, meta.TotalCompressedSize);
        if (meta.KeyValueMetadata.Count > 0)
        {
            WriteKeyValues(w, 8, meta.KeyValueMetadata);
        }
        w.FieldI64(9, meta.DataPageOffset);
        if (meta.DictionaryPageOffset is { } dictionaryOffset)
        {
            w.FieldI64(11, dictionaryOffset);
        }
        WriteOptionalStatistics(w, 12, meta.Statistics);
    }

    private static void WriteOptionalStatistics(ThriftCompactWriter w, short id, Statistics? stats)
    {
        if (stats is null)
        {
            return;
        }
        w.FieldStructBegin(id);
        if (stats.NullCount is { } nulls)
        {
            w.FieldI64(3, nulls);
        }
        if (stats.DistinctCount is { } distinct)
        {
            w.FieldI64(4, distinct);
        }
        if (stats.Max is not null)
        {
            w.FieldBinary(5, stats.Max);
        }
        if (stats.Min is not null)
        {
            w.FieldBinary(6, stats.Min);
        }
        w.EndStruct();
    }

    private static void WriteKeyValues(ThriftCompactWriter w, short id, List<KeyValuePair<string, string?>> pairs)
    {
        w.FieldListBegin(id, ThriftType.Struct, pairs.Count);
        foreach (var (key, value) in pairs)
        {
            w.BeginStruct();
            w.FieldString(1, key);
            if (value is not null)
            {
                w.FieldString(2, value);
            }
            w.EndStruct();
        }
    }
}
