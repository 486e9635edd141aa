using Tessera.Formats.Parquet.Thrift;

namespace Tessera.Formats.Parquet.Metadata;

/// <summary>Decodes the footer and page headers from Thrift compact bytes; unknown fields are skipped.</summary>
internal static class MetadataReader
{
    public static FileMetadata ReadFileMetadata(ReadOnlyMemory<byte> bytes)
    {
        var reader = new ThriftCompactReader(bytes);
        var file = new FileMetadata();
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: file.Version = reader.ReadI32(); break;
                case 2 when type == ThriftType.List: file.Schema = ReadList(reader, ReadSchemaElement); break;
                case 3 when type == ThriftType.I64: file.NumRows = reader.ReadI64(); break;
                case 4 when type == ThriftType.List: file.RowGroups = ReadList(reader, ReadRowGroup); break;
                case 5 when type == ThriftType.List: file.KeyValueMetadata = ReadList(reader, ReadKeyValue); break;
                case 6 when type == ThriftType.Binary: file.CreatedBy = reader.ReadString(); break;
                case 7 when type == ThriftType.List:
                    var orders = ReadList(reader, ReadColumnOrder);
                    file.HasTypeDefinedColumnOrders = orders.Count > 0 && orders.TrueForAll(o => o);
                    break;
                case 8:
                    throw new ParquetFormatException(
                        "Parquet modular encryption is not supported: the footer names an encryption algorithm.");
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return file;
    }

    public static PageHeader ReadPageHeader(ReadOnlyMemory<byte> bytes, out int headerLength)
    {
        var reader = new ThriftCompactReader(bytes);
        var header = new PageHeader();
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: header.Type = (PageType)reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: header.UncompressedPageSize = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: header.CompressedPageSize = reader.ReadI32(); break;
                case 4 when type == ThriftType.I32: header.Crc = reader.ReadI32(); break;
                case 5 when type == ThriftType.Struct: ReadDataPageHeader(reader, header); break;
                case 7 when type == ThriftType.Struct: ReadDictionaryPageHeader(reader, header); break;
                case 8 when type == ThriftType.Struct: ReadDataPageHeaderV2(reader, header); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        headerLength = reader.Position;
        return header;
    }

    private static List<T> ReadList<T>(ThriftCompactReader reader, Func<ThriftCompactReader, T> readElement)
    {
        int count = reader.ReadListHeader(out _);
        var list = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            list.Add(readElement(reader));
        }
        return list;
    }

    private static SchemaElement ReadSchemaElement(ThriftCompactReader reader)
    {
        var element = new SchemaElement();
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: element.Type = (PhysicalType)reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: element.TypeLength = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: element.Repetition = (Repetition)reader.ReadI32(); break;
                case 4 when type == ThriftType.Binary: element.Name = reader.ReadString(); break;
                case 5 when type == ThriftType.I32: element.NumChildren = reader.ReadI32(); break;
                case 6 when type == ThriftType.I32: element.ConvertedType = (ConvertedType)reader.ReadI32(); break;
                case 7 when type == ThriftType.I32: element.Scale = reader.ReadI32(); break;
                case 8 when type == ThriftType.I32: element.Precision = reader.ReadI32(); break;
                case 9 when type == ThriftType.I32: element.FieldId = reader.ReadI32(); break;
                case 10 when type == ThriftType.Struct: element.LogicalType = ReadLogicalType(reader); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return element;
    }

    private static LogicalType ReadLogicalType(ThriftCompactReader reader)
    {
        var result = new LogicalType(LogicalTypeKind.Unsupported);
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            if (type != ThriftType.Struct)
            {
                reader.Skip(type);
                continue;
            }
            var kind = Enum.IsDefined((LogicalTypeKind)id) ? (LogicalTypeKind)id : LogicalTypeKind.Unsupported;
            result = new LogicalType(kind);
            reader.BeginStruct();
            while (reader.NextField(out short fieldId, out var fieldType))
            {
                result = (kind, fieldId, fieldType) switch
                {
                    (LogicalTypeKind.Decimal, 1, ThriftType.I32) => result with { Scale = reader.ReadI32() },
                    (LogicalTypeKind.Decimal, 2, ThriftType.I32) => result with { Precision = reader.ReadI32() },
                    (LogicalTypeKind.Time or LogicalTypeKind.Timestamp, 1, ThriftType.BooleanTrue or ThriftType.BooleanFalse)
                        => result with { IsAdjustedToUtc = reader.ReadBool() },
                    (LogicalTypeKind.Time or LogicalTypeKind.Timestamp, 2, ThriftType.Struct) => result with { Unit = ReadTimeUnit(reader) },
                    (LogicalTypeKind.Integer, 1, ThriftType.Byte) => result with { BitWidth = (sbyte)reader.ReadByte() },
                    (LogicalTypeKind.Integer, 2, ThriftType.BooleanTrue or ThriftType.BooleanFalse) => result with { IsSigned = reader.ReadBool() },
                    _ => SkipAndKeep(reader, fieldType, result),
                };
            }
            reader.EndStruct();
        }
        reader.EndStruct();
        return result;
    }

    private static LogicalType SkipAndKeep(ThriftCompactReader reader, ThriftType type, LogicalType value)
    {
        reader.Skip(type);
        return value;
    }

    private static TimeUnit ReadTimeUnit(ThriftCompactReader reader)
    {
        var unit = TimeUnit.Millis;
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            unit = id switch { 2 => TimeUnit.Micros, 3 => TimeUnit.Nanos, _ => TimeUnit.Millis };
            reader.Skip(type);
        }
        reader.EndStruct();
        return unit;
    }

    private static RowGroupMetadata ReadRowGroup(ThriftCompactReader reader)
    {
        var group = new RowGroupMetadata();
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.List: group.Columns = ReadList(reader, ReadColumnChunk); break;
                case 2 when type == ThriftType.I64: group.TotalByteSize = reader.ReadI64(); break;
                case 3 when type == ThriftType.I64: group.NumRows = reader.ReadI64(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return group;
    }

    private static ColumnChunkMetadata ReadColumnChunk(ThriftCompactReader reader)
    {
        ColumnChunkMetadata? chunk = null;
        long fileOffset = 0;
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary:
                    throw new ParquetFormatException(
                        $"Column chunks stored in other files are not supported (file_path '{reader.ReadString()}').");
                case 2 when type == ThriftType.I64: fileOffset = reader.ReadI64(); break;
                case 3 when type == ThriftType.Struct: chunk = ReadColumnMetadata(reader); break;
                case 8 or 9:
                    throw new ParquetFormatException("Parquet modular encryption is not supported: a column chunk is encrypted.");
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        chunk = chunk ?? throw new ParquetFormatException("A column chunk lacks its meta_data.");
        chunk.FileOffset = fileOffset;
        return chunk;
    }

    private static ColumnChunkMetadata ReadColumnMetadata(ThriftCompactReader reader)
    {
        var meta = new ColumnChunkMetadata();
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: meta.Type = (PhysicalType)reader.ReadI32(); break;
                case 2 when type == ThriftType.List: meta.Encodings = ReadList(reader, r => (ParquetEncoding)r.ReadI32()); break;
                case 3 when type == ThriftType.List: meta.PathInSchema = ReadList(reader, r => r.ReadString()); break;
                case 4 when type == ThriftType.I32: meta.Codec = (CompressionCodec)reader.ReadI32(); break;
                case 5 when type == ThriftType.I64: meta.NumValues = reader.ReadI64(); break;
                case 6 when type == ThriftType.I64: meta.TotalUncompressedSize = reader.ReadI64(); break;
                case 7 when type == ThriftType.I64: meta.TotalCompressedSize = reader.ReadI64(); break;
                case 8 when type == ThriftType.List: meta.KeyValueMetadata = ReadList(reader, ReadKeyValue); break;
                case 9 when type == ThriftType.I64: meta.DataPageOffset = reader.ReadI64(); break;
                case 11 when type == ThriftType.I64: meta.DictionaryPageOffset = reader.ReadI64(); break;
                case 12 when type == ThriftType.Struct: meta.Statistics = ReadStatistics(reader); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return meta;
    }

    private static Statistics ReadStatistics(ThriftCompactReader reader)
    {
        var stats = new Statistics();
        byte[]? legacyMin = null, legacyMax = null;
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary: legacyMax = reader.ReadBinary().ToArray(); break;
                case 2 when type == ThriftType.Binary: legacyMin = reader.ReadBinary().ToArray(); break;
                case 3 when type == ThriftType.I64: stats.NullCount = reader.ReadI64(); break;
                case 4 when type == ThriftType.I64: stats.DistinctCount = reader.ReadI64(); break;
                case 5 when type == ThriftType.Binary: stats.Max = reader.ReadBinary().ToArray(); break;
                case 6 when type == ThriftType.Binary: stats.Min = reader.ReadBinary().ToArray(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        if (stats.Min is null && stats.Max is null)
        {
            stats.Min = legacyMin;
            stats.Max = legacyMax;
        }
        return stats;
    }

    private static KeyValuePair<string, string?> ReadKeyValue(ThriftCompactReader reader)
    {
        string key = "";
        string? value = null;
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary: key = reader.ReadString(); break;
                case 2 when type == ThriftType.Binary: value = reader.ReadString(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return new(key, value);
    }

    /// <summary>True for TypeDefinedOrder (the only order defined so far).</summary>
    private static bool ReadColumnOrder(ThriftCompactReader reader)
    {
        bool typeDefined = false;
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            typeDefined |= id == 1;
            reader.Skip(type);
        }
        reader.EndStruct();
        return typeDefined;
    }

    private static void ReadDataPageHeader(ThriftCompactReader reader, PageHeader header)
    {
        header.HasTypeHeader = true;
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: header.NumValues = reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: header.Encoding = (ParquetEncoding)reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: header.DefinitionLevelEncoding = (ParquetEncoding)reader.ReadI32(); break;
                case 4 when type == ThriftType.I32: header.RepetitionLevelEncoding = (ParquetEncoding)reader.ReadI32(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
    }

    private static void ReadDictionaryPageHeader(ThriftCompactReader reader, PageHeader header)
    {
        header.HasTypeHeader = true;
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: header.NumValues = reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: header.Encoding = (ParquetEncoding)reader.ReadI32(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
    }

    private static void ReadDataPageHeaderV2(ThriftCompactReader reader, PageHeader header)
    {
        header.HasTypeHeader = true;
        reader.BeginStruct();
        while (reader.NextField(out short id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: header.NumValues = reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: header.NumNulls = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: header.NumRows = reader.ReadI32(); break;
                case 4 when type == ThriftType.I32: header.Encoding = (ParquetEncoding)reader.ReadI32(); break;
                case 5 when type == ThriftType.I32: header.DefinitionLevelsByteLength = reader.ReadI32(); break;
                case 6 when type == ThriftType.I32: header.RepetitionLevelsByteLength = reader.ReadI32(); break;
                case 7 when type is ThriftType.BooleanTrue or ThriftType.BooleanFalse: header.IsCompressed = reader.ReadBool(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
    }
}
