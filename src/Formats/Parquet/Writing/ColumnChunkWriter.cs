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
    private readonly Stream output;
    private readonly ColumnData data;
    private readonly ParquetWriterOptions options;
    private readonly HashSet<ParquetEncoding> encodings = [ParquetEncoding.Rle];
    private long uncompressedBytes;
    private long compressedBytes;
    private int chunkValueStart;

    private ColumnChunkWriter(Stream output, ColumnData data, ParquetWriterOptions options)
    {
        this.output = output;
        this.data = data;
        this.options = options;
    }

    /// <summary>Writes levels [levelStart, levelEnd) and their values [valueStart, valueEnd) at the stream's position.</summary>
    public static ColumnChunkMetadata Write(Stream output, ColumnData data, int levelStart, int levelEnd, int valueStart, int valueEnd, ParquetWriterOptions options) =>
        new ColumnChunkWriter(output, data, options).WriteChunk(levelStart, levelEnd, valueStart, valueEnd);

    private ColumnChunkMetadata WriteChunk(int levelStart, int levelEnd, int valueStart, int valueEnd)
    {
        var column = this.data.Column;
        this.chunkValueStart = valueStart;
        long chunkStart = this.output.Position;
        long? dictionaryOffset = null;
        DictionaryBuilder? dictionary = null;
        if (this.options.UseDictionary && valueEnd > valueStart)
        {
            dictionary = DictionaryBuilder.TryBuild(this.data, valueStart, valueEnd - valueStart, this.options.MaxDictionaryBytes);
        }
        if (dictionary is not null)
        {
            dictionaryOffset = chunkStart;
            WriteDictionaryPage(dictionary);
        }
        long dataOffset = this.output.Position;
        var pageEncoding = dictionary is not null ? ParquetEncoding.RleDictionary
            : this.options.UseDeltaEncoding && column.PhysicalType is PhysicalType.Int32 or PhysicalType.Int64 ? ParquetEncoding.DeltaBinaryPacked
            : ParquetEncoding.Plain;
        this.encodings.Add(pageEncoding);

        long nulls = 0;
        int pageLevelStart = levelStart;
        int pageValueStart = valueStart;
        long pageBytes = 0;
        var definitions = this.data.DefinitionLevels;
        var repetitions = this.data.RepetitionLevels;
        int maxDefinition = column.MaxDefinitionLevel;
        var binary = this.data.Values as BinaryValues;
        int fixedSize = FixedSize(this.data.Values);
        for (int level = levelStart; level < levelEnd; level++)
        {
            bool rowStart = repetitions.IsEmpty || repetitions[level] == 0;
            if (rowStart && level > pageLevelStart && pageBytes >= this.options.MaxPageBytes)
            {
                int values = CountValues(pageLevelStart, level);
                WriteDataPage(pageLevelStart, level, pageValueStart, values, pageEncoding, dictionary, pageBytes);
                pageValueStart += values;
                pageLevelStart = level;
                pageBytes = 0;
            }
            bool isValue = maxDefinition == 0 || definitions[level] == maxDefinition;
            if (!isValue)
            {
                nulls++;
            }
            pageBytes += 1 + (!isValue ? 0 : binary is null ? fixedSize : BinarySize(binary, pageValueStart + (level - pageLevelStart)));
        }
        WriteDataPage(pageLevelStart, levelEnd, pageValueStart, CountValues(pageLevelStart, levelEnd), pageEncoding, dictionary, pageBytes);

        return new ColumnChunkMetadata
        {
            Type = column.PhysicalType,
            Encodings = [.. this.encodings.Order()],
            PathInSchema = [.. column.Path],
            Codec = this.options.Codec,
            NumValues = levelEnd - levelStart,
            TotalUncompressedSize = this.uncompressedBytes,
            TotalCompressedSize = this.compressedBytes,
            DataPageOffset = dataOffset,
            DictionaryPageOffset = dictionaryOffset,
            Statistics = this.options.WriteStatistics ? StatisticsBuilder.Build(this.data, valueStart, valueEnd - valueStart, nulls) : null,
            FileOffset = chunkStart,
        };
    }

    /// <summary>The encoded size of a fixed-width value, to cut pages near the configured size.</summary>
    private static int FixedSize(object values) => values switch
    {
        long[] or double[] => 8,
        Int96[] => 12,
        _ => 4,
    };

    /// <summary>A binary value's PLAIN size (4 for one past the values, which a null level may name).</summary>
    private static int BinarySize(BinaryValues binary, int valueIndex) => valueIndex < binary.Count ? binary[valueIndex].Length + 4 : 4;

    private int CountValues(int levelStart, int levelEnd)
    {
        if (this.data.Column.MaxDefinitionLevel == 0)
        {
            return levelEnd - levelStart;
        }
        int count = 0;
        short max = (short)this.data.Column.MaxDefinitionLevel;
        foreach (short level in this.data.DefinitionLevels[levelStart..levelEnd])
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
        ValueEncoding.WritePlain(dictionary.Values, this.data.Column.PhysicalType, 0, dictionary.Count, plain);
        byte[] body = PageCompressor.Compress(this.options.Codec, plain.WrittenSpan);
        var header = new PageHeader
        {
            Type = PageType.DictionaryPage,
            UncompressedPageSize = plain.WrittenCount,
            CompressedPageSize = body.Length,
            NumValues = dictionary.Count,
            Encoding = ParquetEncoding.Plain,
        };
        this.encodings.Add(ParquetEncoding.Plain);
        WritePage(header, body, plain.WrittenCount);
    }

    /// <summary>Writes one data page; <paramref name="estimatedBytes"/> sizes its buffers so they need not grow.</summary>
    private void WriteDataPage(int levelStart, int levelEnd, int valueStart, int valueCount, ParquetEncoding encoding, DictionaryBuilder? dictionary, long estimatedBytes)
    {
        var column = this.data.Column;
        int levelBytes = ((levelEnd - levelStart) / 4) + 64;
        var repetitions = new ArrayBufferWriter<byte>(levelBytes);
        var definitions = new ArrayBufferWriter<byte>(levelBytes);
        if (column.MaxRepetitionLevel > 0)
        {
            ValueEncoding.WriteLevels(this.data.RepetitionLevels[levelStart..levelEnd], column.MaxRepetitionLevel, repetitions);
        }
        if (column.MaxDefinitionLevel > 0)
        {
            ValueEncoding.WriteLevels(this.data.DefinitionLevels[levelStart..levelEnd], column.MaxDefinitionLevel, definitions);
        }
        var values = new ArrayBufferWriter<byte>((int)Math.Min(estimatedBytes + 64, Array.MaxLength));
        switch (encoding)
        {
            case ParquetEncoding.RleDictionary:
                // The dictionary's indices cover the chunk's values, starting at the chunk's first value.
                ValueEncoding.WriteDictionaryIndices(dictionary!.Indices.AsSpan(valueStart - this.chunkValueStart, valueCount), dictionary.Count, values);
                break;
            case ParquetEncoding.DeltaBinaryPacked:
                ValueEncoding.WriteDeltaBinaryPacked(this.data.Values, valueStart, valueCount, values);
                break;
            default:
                ValueEncoding.WritePlain(this.data.Values, column.PhysicalType, valueStart, valueCount, values);
                break;
        }
        int levelCount = levelEnd - levelStart;
        int rows = column.MaxRepetitionLevel == 0 ? levelCount : this.data.RepetitionLevels[levelStart..levelEnd].Count((short)0);
        if (this.options.PageVersion == DataPageVersion.V1)
        {
            var body = new ArrayBufferWriter<byte>(repetitions.WrittenCount + definitions.WrittenCount + values.WrittenCount + 8);
            AppendWithLength(body, repetitions, column.MaxRepetitionLevel > 0);
            AppendWithLength(body, definitions, column.MaxDefinitionLevel > 0);
            body.Write(values.WrittenSpan);
            byte[] compressed = PageCompressor.Compress(this.options.Codec, body.WrittenSpan);
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
            bool compress = this.options.Codec != CompressionCodec.Uncompressed;
            byte[] compressedValues = compress ? PageCompressor.Compress(this.options.Codec, values.WrittenSpan) : values.WrittenSpan.ToArray();
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
        if (this.options.WritePageChecksums)
        {
            header.Crc = (int)Crc32.Compute(body);
        }
        byte[] headerBytes = MetadataWriter.WritePageHeader(header);
        this.output.Write(headerBytes);
        this.output.Write(body);
        this.uncompressedBytes += headerBytes.Length + uncompressedBodySize;
        this.compressedBytes += headerBytes.Length + body.Length;
    }
}
