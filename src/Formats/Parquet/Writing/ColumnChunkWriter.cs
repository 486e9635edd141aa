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

    /// <summary>Set when every row has the first row's levels: see <see cref="ColumnData.UniformRowLevels"/>.</summary>
    private readonly UniformRows? rows;

    /// <summary>The encoded repetition and definition levels of a page of uniform rows, by its level count: pages of as many rows have the same.</summary>
    private readonly Dictionary<(int Count, bool Repetition), byte[]> encodedLevels = [];

    private ColumnChunkWriter(Stream output, ColumnData data, ParquetWriterOptions options, PageBuffers buffers)
    {
        this.output = output;
        this.data = data;
        this.options = options;
        this.buffers = buffers;
        this.rows = UniformRows.Of(data);
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

        if (this.rows is { } alike && levelEnd > levelStart)
        {
            return this.Metadata(levelStart, levelEnd, valueStart, valueEnd, this.WriteUniformPages(alike, levelStart, levelEnd, valueStart, pageEncoding, dictionary),
                dictionary, chunkStart, dataOffset, dictionaryOffset);
        }
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
        return this.Metadata(levelStart, levelEnd, valueStart, valueEnd, nulls, dictionary, chunkStart, dataOffset, dictionaryOffset);
    }

    /// <summary>
    /// The pages of a chunk of uniform rows: each ends at the first row at which its bytes (a byte
    /// per level and the values', as the general walk counts them) reach the page size, found by
    /// division. Returns the chunk's nulls.
    /// </summary>
    private long WriteUniformPages(UniformRows alike, int levelStart, int levelEnd, int valueStart, ParquetEncoding encoding, DictionaryBuilder? dictionary)
    {
        long rowBytes = alike.Levels + ((long)alike.Values * FixedSize(this.data.Values));
        int rows = alike.RowsIn(levelEnd - levelStart);
        int pageRows = (int)Math.Clamp((this.options.MaxPageBytes + rowBytes - 1) / rowBytes, 1, rows);
        for (int row = 0; row < rows; row += pageRows)
        {
            int count = Math.Min(pageRows, rows - row);
            WriteDataPage(levelStart + (row * alike.Levels), levelStart + ((row + count) * alike.Levels), valueStart + (row * alike.Values), count * alike.Values,
                encoding, dictionary, count * rowBytes);
        }
        return (long)rows * (alike.Levels - alike.Values);
    }

    private ColumnChunkMetadata Metadata(int levelStart, int levelEnd, int valueStart, int valueEnd, long nulls, DictionaryBuilder? dictionary,
        long chunkStart, long dataOffset, long? dictionaryOffset)
    {
        var column = this.data.Column;
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
            Statistics = this.options.WriteStatistics ? StatisticsBuilder.Build(this.data, valueStart, valueEnd - valueStart, nulls, dictionary) : null,
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
        if (this.rows is { } alike)
        {
            return alike.ValuesIn(levelEnd - levelStart);
        }
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
        int rows = this.rows?.RowsIn(levelCount) ?? (column.MaxRepetitionLevel == 0 ? levelCount : this.data.RepetitionLevels[levelStart..levelEnd].Count((short)0));
        this.buffers.Reset();
        bool v1 = this.options.PageVersion == DataPageVersion.V1;
        // A v1 body is the levels, each with its length, then the values, all compressed together;
        // a v2 page keeps its levels apart and compresses only the values.
        var body = this.buffers.Body;
        var repetitions = v1 ? body : this.buffers.Repetitions;
        var definitions = v1 ? body : this.buffers.Definitions;
        if (column.MaxRepetitionLevel > 0)
        {
            this.WriteLevels(this.data.RepetitionLevels[levelStart..levelEnd], column.MaxRepetitionLevel, repetitions, lengthPrefix: v1, repetition: true);
        }
        if (column.MaxDefinitionLevel > 0)
        {
            this.WriteLevels(this.data.DefinitionLevels[levelStart..levelEnd], column.MaxDefinitionLevel, definitions, lengthPrefix: v1, repetition: false);
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

    /// <summary>
    /// Levels as RLE hybrid, after their 4-byte length in a v1 page. A page of uniform rows starts at
    /// a row, so its levels are those of any page of as many rows: encoded once, then copied.
    /// </summary>
    private void WriteLevels(ReadOnlySpan<short> levels, int maxLevel, ArrayBufferWriter<byte> output, bool lengthPrefix, bool repetition)
    {
        int lengthAt = output.WrittenCount;
        if (lengthPrefix)
        {
            output.GetSpan(4);
            output.Advance(4);
        }
        if (this.rows is null)
        {
            ValueEncoding.WriteLevels(levels, maxLevel, output);
        }
        else
        {
            if (!this.encodedLevels.TryGetValue((levels.Length, repetition), out var encoded))
            {
                var once = new ArrayBufferWriter<byte>();
                ValueEncoding.WriteLevels(levels, maxLevel, once);
                this.encodedLevels[(levels.Length, repetition)] = encoded = once.WrittenSpan.ToArray();
            }
            output.Write(encoded);
        }
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
