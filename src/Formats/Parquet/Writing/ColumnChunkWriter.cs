using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tessera.Formats.Compression;
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
    private readonly PageBuffers buffers;
    private readonly HashSet<ParquetEncoding> encodings = [ParquetEncoding.Rle];
    private long uncompressedBytes;
    private long compressedBytes;
    private int chunkValueStart;

    private ColumnChunkWriter(Stream output, ColumnData data, ParquetWriterOptions options, PageBuffers buffers)
    {
        this.output = output;
        this.data = data;
        this.options = options;
        this.buffers = buffers;
    }

    /// <summary>Writes levels [levelStart, levelEnd) and their values [valueStart, valueEnd) at the stream's position.</summary>
    public static ColumnChunkMetadata Write(Stream output, ColumnData data, int levelStart, int levelEnd, int valueStart, int valueEnd,
        ParquetWriterOptions options, PageBuffers buffers) =>
        new ColumnChunkWriter(output, data, options, buffers).WriteChunk(levelStart, levelEnd, valueStart, valueEnd);

    private ColumnChunkMetadata WriteChunk(int levelStart, int levelEnd, int valueStart, int valueEnd)
    {
        this.chunkValueStart = valueStart;
        long chunkStart = this.output.Position;
        long? dictionaryOffset = null;
        DictionaryBuilder? dictionary = null;
        if (this.options.UseDictionary && valueEnd > valueStart)
        {
            dictionary = DictionaryBuilder.TryBuild(this.data, valueStart, valueEnd - valueStart, this.options.MaxDictionaryBytes);
        }
        try
        {
            if (dictionary is not null)
            {
                dictionaryOffset = chunkStart;
                WriteDictionaryPage(dictionary);
            }
            return WritePages(levelStart, levelEnd, valueStart, valueEnd, dictionary, chunkStart, dictionaryOffset);
        }
        finally
        {
            dictionary?.Dispose();
        }
    }

    private ColumnChunkMetadata WritePages(int levelStart, int levelEnd, int valueStart, int valueEnd, DictionaryBuilder? dictionary, long chunkStart, long? dictionaryOffset)
    {
        var column = this.data.Column;
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
        this.buffers.Reset();
        var plain = this.buffers.Body;
        ValueEncoding.WritePlain(dictionary.Values, this.data.Column.PhysicalType, 0, dictionary.Count, plain);
        var body = this.buffers.Compress(this.options.Codec, plain.WrittenSpan);
        var header = new PageHeader
        {
            Type = PageType.DictionaryPage,
            UncompressedPageSize = plain.WrittenCount,
            CompressedPageSize = body.Length,
            NumValues = dictionary.Count,
            Encoding = ParquetEncoding.Plain,
        };
        this.encodings.Add(ParquetEncoding.Plain);
        WritePage(header, body, [], plain.WrittenCount);
    }

    /// <summary>Writes one data page; <paramref name="estimatedBytes"/> sizes its buffer so it need not grow.</summary>
    private void WriteDataPage(int levelStart, int levelEnd, int valueStart, int valueCount, ParquetEncoding encoding, DictionaryBuilder? dictionary, long estimatedBytes)
    {
        var column = this.data.Column;
        int levelCount = levelEnd - levelStart;
        int rows = column.MaxRepetitionLevel == 0 ? levelCount : this.data.RepetitionLevels[levelStart..levelEnd].Count((short)0);
        this.buffers.Reset();
        bool v1 = this.options.PageVersion == DataPageVersion.V1;
        // A v1 body is the levels, each with its length, then the values, all compressed together;
        // a v2 page keeps its levels apart and compresses only the values.
        var body = this.buffers.Body;
        var repetitions = v1 ? body : this.buffers.Repetitions;
        var definitions = v1 ? body : this.buffers.Definitions;
        if (column.MaxRepetitionLevel > 0)
        {
            WriteLevels(this.data.RepetitionLevels[levelStart..levelEnd], column.MaxRepetitionLevel, repetitions, lengthPrefix: v1);
        }
        if (column.MaxDefinitionLevel > 0)
        {
            WriteLevels(this.data.DefinitionLevels[levelStart..levelEnd], column.MaxDefinitionLevel, definitions, lengthPrefix: v1);
        }
        body.GetSpan((int)Math.Min(estimatedBytes + 64, Array.MaxLength - body.WrittenCount));
        int valuesStart = body.WrittenCount;
        switch (encoding)
        {
            case ParquetEncoding.RleDictionary:
                // The dictionary's indices cover the chunk's values, starting at the chunk's first value.
                ValueEncoding.WriteDictionaryIndices(dictionary!.Indices.Slice(valueStart - this.chunkValueStart, valueCount), dictionary.Count, body);
                break;
            case ParquetEncoding.DeltaBinaryPacked:
                ValueEncoding.WriteDeltaBinaryPacked(this.data.Values, valueStart, valueCount, body);
                break;
            default:
                ValueEncoding.WritePlain(this.data.Values, column.PhysicalType, valueStart, valueCount, body);
                break;
        }
        if (v1)
        {
            var compressed = this.buffers.Compress(this.options.Codec, body.WrittenSpan);
            var header = new PageHeader
            {
                Type = PageType.DataPage,
                UncompressedPageSize = body.WrittenCount,
                CompressedPageSize = compressed.Length,
                NumValues = levelCount,
                Encoding = encoding,
            };
            WritePage(header, compressed, [], body.WrittenCount);
        }
        else
        {
            bool compress = this.options.Codec != CompressionCodec.Uncompressed;
            int valuesLength = body.WrittenCount - valuesStart;
            var compressedValues = compress ? this.buffers.Compress(this.options.Codec, body.WrittenSpan) : body.WrittenSpan;
            int repetitionsLength = repetitions.WrittenCount, definitionsLength = definitions.WrittenCount;
            var levels = this.buffers.Repetitions;
            levels.Write(definitions.WrittenSpan);
            int levelsLength = levels.WrittenCount;
            var header = new PageHeader
            {
                Type = PageType.DataPageV2,
                UncompressedPageSize = levelsLength + valuesLength,
                CompressedPageSize = levelsLength + compressedValues.Length,
                NumValues = levelCount,
                NumNulls = levelCount - valueCount,
                NumRows = rows,
                Encoding = encoding,
                DefinitionLevelsByteLength = definitionsLength,
                RepetitionLevelsByteLength = repetitionsLength,
                IsCompressed = compress,
            };
            WritePage(header, levels.WrittenSpan, compressedValues, levelsLength + valuesLength);
        }
    }

    /// <summary>Levels as RLE hybrid, after their 4-byte length in a v1 page.</summary>
    private static void WriteLevels(ReadOnlySpan<short> levels, int maxLevel, ArrayBufferWriter<byte> output, bool lengthPrefix)
    {
        int lengthAt = output.WrittenCount;
        if (lengthPrefix)
        {
            output.GetSpan(4);
            output.Advance(4);
        }
        ValueEncoding.WriteLevels(levels, maxLevel, output);
        if (lengthPrefix)
        {
            var written = MemoryMarshal.AsMemory(output.WrittenMemory).Span;
            BinaryPrimitives.WriteInt32LittleEndian(written[lengthAt..], output.WrittenCount - lengthAt - 4);
        }
    }

    /// <summary>Writes a page whose stored body is <paramref name="body"/> followed by <paramref name="bodyRest"/>.</summary>
    private void WritePage(PageHeader header, ReadOnlySpan<byte> body, ReadOnlySpan<byte> bodyRest, int uncompressedBodySize)
    {
        if (this.options.WritePageChecksums)
        {
            var crc = new System.IO.Hashing.Crc32();
            crc.Append(body);
            crc.Append(bodyRest);
            header.Crc = (int)crc.GetCurrentHashAsUInt32();
        }
        byte[] headerBytes = MetadataWriter.WritePageHeader(header);
        this.output.Write(headerBytes);
        this.output.Write(body);
        this.output.Write(bodyRest);
        this.uncompressedBytes += headerBytes.Length + uncompressedBodySize;
        this.compressedBytes += headerBytes.Length + body.Length + bodyRest.Length;
    }
}
