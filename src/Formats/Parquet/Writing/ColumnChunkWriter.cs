using System.Buffers;
using System.Buffers.Binary;
using Tessera.Formats.Compression;
using Tessera.Formats.Parquet.Codecs;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>
/// Writes one column chunk: an optional dictionary page, then data pages that each end at a
/// row boundary and hold about <see cref="ParquetWriterOptions.MaxPageBytes"/> of values.
/// </summary>
internal sealed class ColumnChunkWriter
{
    private readonly Stream _output;
    private readonly ColumnData _data;
    private readonly ParquetWriterOptions _options;
    private readonly HashSet<ParquetEncoding> _encodings = [ParquetEncoding.Rle];
    private long _uncompressedBytes;
    private long _compressedBytes;
    private int _chunkValueStart;

    private ColumnChunkWriter(Stream output, ColumnData data, ParquetWriterOptions options)
    {
        _output = output;
        _data = data;
        _options = options;
    }

    /// <summary>Writes levels [levelStart, levelEnd) and their values [valueStart, valueEnd) at the stream's position.</summary>
    public static ColumnChunkMetadata Write(Stream output, ColumnData data, int levelStart, int levelEnd, int valueStart, int valueEnd, ParquetWriterOptions options) =>
        new ColumnChunkWriter(output, data, options).WriteChunk(levelStart, levelEnd, valueStart, valueEnd);

    private ColumnChunkMetadata WriteChunk(int levelStart, int levelEnd, int valueStart, int valueEnd)
    {
        var column = _data.Column;
        _chunkValueStart = valueStart;
        long chunkStart = _output.Position;
        long? dictionaryOffset = null;
        DictionaryBuilder? dictionary = null;
        if (_options.UseDictionary && valueEnd > valueStart)
        {
            dictionary = DictionaryBuilder.TryBuild(_data, valueStart, valueEnd - valueStart, _options.MaxDictionaryBytes);
        }
        if (dictionary is not null)
        {
            dictionaryOffset = chunkStart;
            WriteDictionaryPage(dictionary);
        }
        long dataOffset = _output.Position;
        var pageEncoding = dictionary is not null ? ParquetEncoding.RleDictionary
            : _options.UseDeltaEncoding && column.PhysicalType is PhysicalType.Int32 or PhysicalType.Int64 ? ParquetEncoding.DeltaBinaryPacked
            : ParquetEncoding.Plain;
        _encodings.Add(pageEncoding);

        long nulls = 0;
        int pageLevelStart = levelStart;
        int pageValueStart = valueStart;
        long pageBytes = 0;
        var definitions = _data.DefinitionLevels;
        var repetitions = _data.RepetitionLevels;
        int maxDefinition = column.MaxDefinitionLevel;
        for (int level = levelStart; level < levelEnd; level++)
        {
            bool rowStart = repetitions.IsEmpty || repetitions[level] == 0;
            if (rowStart && level > pageLevelStart && pageBytes >= _options.MaxPageBytes)
            {
                int values = CountValues(pageLevelStart, level);
                WriteDataPage(pageLevelStart, level, pageValueStart, values, pageEncoding, dictionary);
                pageValueStart += values;
                pageLevelStart = level;
                pageBytes = 0;
            }
            bool isValue = maxDefinition == 0 || definitions[level] == maxDefinition;
            if (!isValue)
            {
                nulls++;
            }
            pageBytes += 1 + (isValue ? EstimatedSize(pageValueStart + (level - pageLevelStart)) : 0);
        }
        WriteDataPage(pageLevelStart, levelEnd, pageValueStart, CountValues(pageLevelStart, levelEnd), pageEncoding, dictionary);

        return new ColumnChunkMetadata
        {
            Type = column.PhysicalType,
            Encodings = [.. _encodings.Order()],
            PathInSchema = [.. column.Path],
            Codec = _options.Codec,
            NumValues = levelEnd - levelStart,
            TotalUncompressedSize = _uncompressedBytes,
            TotalCompressedSize = _compressedBytes,
            DataPageOffset = dataOffset,
            DictionaryPageOffset = dictionaryOffset,
            Statistics = _options.WriteStatistics ? StatisticsBuilder.Build(_data, valueStart, valueEnd - valueStart, nulls) : null,
            FileOffset = chunkStart,
        };
    }

    /// <summary>A rough encoded size of a value, to cut pages near the configured size.</summary>
    private int EstimatedSize(int valueIndex) => _data.Values switch
    {
        BinaryValues binary when valueIndex < binary.Count => binary[valueIndex].Length + 4,
        BinaryValues => 4,
        long[] or double[] => 8,
        Int96[] => 12,
        _ => 4,
    };

    private int CountValues(int levelStart, int levelEnd)
    {
        if (_data.Column.MaxDefinitionLevel == 0)
        {
            return levelEnd - levelStart;
        }
        int count = 0;
        short max = (short)_data.Column.MaxDefinitionLevel;
        foreach (short level in _data.DefinitionLevels[levelStart..levelEnd])
        {
            if (level == max)
            {
                count++;
            }
        }
        return count;
    }

    private void WriteDictionaryPage(DictionaryBuilder dictionary)
    {
        var plain = new ArrayBufferWriter<byte>(Math.Max(dictionary.PlainBytes, 16));
        ValueEncoding.WritePlain(dictionary.Values, _data.Column.PhysicalType, 0, dictionary.Count, plain);
        byte[] body = PageCompressor.Compress(_options.Codec, plain.WrittenSpan);
        var header = new PageHeader
        {
            Type = PageType.DictionaryPage,
            UncompressedPageSize = plain.WrittenCount,
            CompressedPageSize = body.Length,
            NumValues = dictionary.Count,
            Encoding = ParquetEncoding.Plain,
        };
        _encodings.Add(ParquetEncoding.Plain);
        WritePage(header, body, plain.WrittenCount);
    }

    private void WriteDataPage(int levelStart, int levelEnd, int valueStart, int valueCount, ParquetEncoding encoding, DictionaryBuilder? dictionary)
    {
        var column = _data.Column;
        var repetitions = new ArrayBufferWriter<byte>();
        var definitions = new ArrayBufferWriter<byte>();
        if (column.MaxRepetitionLevel > 0)
        {
            ValueEncoding.WriteLevels(_data.RepetitionLevels[levelStart..levelEnd], column.MaxRepetitionLevel, repetitions);
        }
        if (column.MaxDefinitionLevel > 0)
        {
            ValueEncoding.WriteLevels(_data.DefinitionLevels[levelStart..levelEnd], column.MaxDefinitionLevel, definitions);
        }
        var values = new ArrayBufferWriter<byte>();
        switch (encoding)
        {
            case ParquetEncoding.RleDictionary:
                // The dictionary's indices cover the chunk's values, starting at the chunk's first value.
                ValueEncoding.WriteDictionaryIndices(dictionary!.Indices.AsSpan(valueStart - _chunkValueStart, valueCount), dictionary.Count, values);
                break;
            case ParquetEncoding.DeltaBinaryPacked:
                ValueEncoding.WriteDeltaBinaryPacked(_data.Values, valueStart, valueCount, values);
                break;
            default:
                ValueEncoding.WritePlain(_data.Values, column.PhysicalType, valueStart, valueCount, values);
                break;
        }
        int levelCount = levelEnd - levelStart;
        int rows = column.MaxRepetitionLevel == 0 ? levelCount : _data.RepetitionLevels[levelStart..levelEnd].Count((short)0);
        if (_options.PageVersion == DataPageVersion.V1)
        {
            var body = new ArrayBufferWriter<byte>(repetitions.WrittenCount + definitions.WrittenCount + values.WrittenCount + 8);
            AppendWithLength(body, repetitions, column.MaxRepetitionLevel > 0);
            AppendWithLength(body, definitions, column.MaxDefinitionLevel > 0);
            body.Write(values.WrittenSpan);
            byte[] compressed = PageCompressor.Compress(_options.Codec, body.WrittenSpan);
            var header = new PageHeader
            {
                Type = PageType.DataPage,
                UncompressedPageSize = body.WrittenCount,
                CompressedPageSize = compressed.Length,
                NumValues = levelCount,
                Encoding = encoding,
            };
            WritePage(header, compressed, body.WrittenCount);
        }
        else
        {
            bool compress = _options.Codec != CompressionCodec.Uncompressed;
            byte[] compressedValues = compress ? PageCompressor.Compress(_options.Codec, values.WrittenSpan) : values.WrittenSpan.ToArray();
            byte[] body = [.. repetitions.WrittenSpan, .. definitions.WrittenSpan, .. compressedValues];
            int uncompressed = repetitions.WrittenCount + definitions.WrittenCount + values.WrittenCount;
            var header = new PageHeader
            {
                Type = PageType.DataPageV2,
                UncompressedPageSize = uncompressed,
                CompressedPageSize = body.Length,
                NumValues = levelCount,
                NumNulls = levelCount - valueCount,
                NumRows = rows,
                Encoding = encoding,
                DefinitionLevelsByteLength = definitions.WrittenCount,
                RepetitionLevelsByteLength = repetitions.WrittenCount,
                IsCompressed = compress,
            };
            WritePage(header, body, uncompressed);
        }
    }

    private static void AppendWithLength(ArrayBufferWriter<byte> body, ArrayBufferWriter<byte> levels, bool present)
    {
        if (!present)
        {
            return;
        }
        BinaryPrimitives.WriteInt32LittleEndian(body.GetSpan(4), levels.WrittenCount);
        body.Advance(4);
        body.Write(levels.WrittenSpan);
    }

    private void WritePage(PageHeader header, byte[] body, int uncompressedBodySize)
    {
        if (_options.WritePageChecksums)
        {
            header.Crc = (int)Crc32.Compute(body);
        }
        byte[] headerBytes = MetadataWriter.WritePageHeader(header);
        _output.Write(headerBytes);
        _output.Write(body);
        _uncompressedBytes += headerBytes.Length + uncompressedBodySize;
        _compressedBytes += headerBytes.Length + body.Length;
    }
}
