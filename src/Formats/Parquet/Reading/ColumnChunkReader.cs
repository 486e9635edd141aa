using System.Buffers;
using Tessera.Formats.Compression;
using Tessera.Formats.Parquet.Codecs;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Reading;

/// <summary>
/// Decodes all pages of one column chunk (already read into memory) into a <see cref="ColumnData"/>:
/// page headers, CRC checks, decompression, dictionary, levels and values.
/// </summary>
internal sealed class ColumnChunkReader
{
    private readonly ColumnDescriptor column;
    private readonly ColumnChunkMetadata meta;
    private readonly ParquetReaderOptions options;
    private readonly string where;
    private readonly DecodeBudget budget;
    private readonly KeptArrays? arrays;
    private Dictionary? dictionary;
    private byte[] pageBuffer = [];

    private ColumnChunkReader(ColumnDescriptor column, ColumnChunkMetadata meta, ParquetReaderOptions options, string where, DecodeBudget budget, KeptArrays? arrays)
    {
        this.column = column;
        this.meta = meta;
        this.options = options;
        this.where = where;
        this.budget = budget;
        this.arrays = arrays;
    }

    /// <param name="arrays">Where the values and levels may be decoded into arrays kept from earlier chunks.</param>
    public static ColumnData Read(ReadOnlyMemory<byte> chunk, ColumnDescriptor column, ColumnChunkMetadata meta,
        long rowGroupRows, ParquetReaderOptions options, string where, DecodeBudget budget, KeptArrays? arrays = null)
    {
        var reader = new ColumnChunkReader(column, meta, options, where, budget, arrays);
        try
        {
            return reader.ReadPages(chunk, rowGroupRows);
        }
        finally
        {
            // Pages decompress into one pooled buffer, reused page after page: a fresh array per
            // page (most are ≥ 85 KB) would fill the large-object heap and cost full collections.
            if (reader.pageBuffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(reader.pageBuffer);
            }
        }
    }

    private ColumnData ReadPages(ReadOnlyMemory<byte> chunk, long rowGroupRows)
    {
        if (this.meta.NumValues < 0 || this.meta.NumValues > Array.MaxLength)
        {
            throw Error($"declares {this.meta.NumValues} values, more than one column chunk can hold");
        }
        // Start from what the bytes plausibly hold; pages grow the buffer as they really decode.
        long plausible = chunk.Length * 8L + 4096;
        var buffer = new ColumnBuffer(this.column, (int)Math.Min(this.meta.NumValues, plausible), this.budget, this.where,
            (int)Math.Clamp(this.meta.TotalUncompressedSize, 256, Math.Min(plausible, Array.MaxLength)), this.arrays, this.options.KeepDictionaryIndices);
        buffer.ChargeLevels(this.meta.NumValues);
        int position = 0;
        while (buffer.LevelCount < this.meta.NumValues && position < chunk.Length)
        {
            var header = Metadata.MetadataReader.ReadPageHeader(chunk[position..], out int headerLength);
            position += headerLength;
            if (header.CompressedPageSize < 0 || header.CompressedPageSize > chunk.Length - position)
            {
                throw Error($"has a page of {header.CompressedPageSize} bytes that runs past the end of the column chunk");
            }
            var body = chunk.Span.Slice(position, header.CompressedPageSize);
            position += header.CompressedPageSize;
            if (header.Crc is { } crc && this.options.VerifyChecksums && System.IO.Hashing.Crc32.HashToUInt32(body) != (uint)crc)
            {
                throw Error("has a page whose CRC checksum does not match its contents");
            }
            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    ReadDictionaryPage(header, body);
                    break;
                case PageType.DataPage:
                    ReadDataPageV1(header, body, buffer);
                    break;
                case PageType.DataPageV2:
                    ReadDataPageV2(header, body, buffer);
                    break;
                default:
                    break; // index pages and unknown page types carry no values
            }
        }
        if (buffer.LevelCount != this.meta.NumValues)
        {
            throw Error($"holds {buffer.LevelCount} values but its metadata declares {this.meta.NumValues}");
        }
        CheckRowCount(buffer, rowGroupRows);
        return buffer.ToColumnData();
    }

    private void ReadDictionaryPage(PageHeader header, ReadOnlySpan<byte> body)
    {
        if (!header.HasTypeHeader)
        {
            throw Error("has a dictionary page without its dictionary_page_header");
        }
        if (this.dictionary is not null)
        {
            throw Error("has more than one dictionary page");
        }
        if (header.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
        {
            throw Error($"has a dictionary page with unsupported encoding {header.Encoding}");
        }
        if (header.NumValues < 0 || header.NumValues > Math.Max(header.UncompressedPageSize, 0))
        {
            throw Error($"has a dictionary page declaring {header.NumValues} entries in {header.UncompressedPageSize} bytes");
        }
        var data = Decompress(body, header.UncompressedPageSize);
        this.dictionary = Dictionary.Decode(this.column, data, header.NumValues);
    }

    private void ReadDataPageV1(PageHeader header, ReadOnlySpan<byte> body, ColumnBuffer buffer)
    {
        RequireDataHeader(header, buffer);
        var data = Decompress(body, header.UncompressedPageSize);
        int start = buffer.AppendLevels(header.NumValues);
        var definitions = buffer.DefinitionSlots(start, header.NumValues);
        var repetitions = buffer.RepetitionSlots(start, header.NumValues);
        int position = 0;
        if (this.column.MaxRepetitionLevel > 0)
        {
            position += LevelDecoding.DecodeV1(header.RepetitionLevelEncoding, data, this.column.MaxRepetitionLevel, repetitions, Where("repetition levels"));
        }
        if (this.column.MaxDefinitionLevel > 0)
        {
            position += LevelDecoding.DecodeV1(header.DefinitionLevelEncoding, data[position..], this.column.MaxDefinitionLevel, definitions, Where("definition levels"));
        }
        DecodeValues(header, data[position..], definitions, header.NumValues, buffer);
    }

    private void ReadDataPageV2(PageHeader header, ReadOnlySpan<byte> body, ColumnBuffer buffer)
    {
        RequireDataHeader(header, buffer);
        int repetitionLength = header.RepetitionLevelsByteLength;
        int definitionLength = header.DefinitionLevelsByteLength;
        if (repetitionLength < 0 || definitionLength < 0 || (long)repetitionLength + definitionLength > body.Length
            || (long)repetitionLength + definitionLength > header.UncompressedPageSize)
        {
            throw Error($"has a v2 page whose level lengths ({repetitionLength}, {definitionLength}) exceed the page");
        }
        int start = buffer.AppendLevels(header.NumValues);
        var definitions = buffer.DefinitionSlots(start, header.NumValues);
        var repetitions = buffer.RepetitionSlots(start, header.NumValues);
        if (this.column.MaxRepetitionLevel > 0)
        {
            LevelDecoding.DecodeRle(body[..repetitionLength], this.column.MaxRepetitionLevel, repetitions, Where("repetition levels"));
        }
        if (this.column.MaxDefinitionLevel > 0)
        {
            LevelDecoding.DecodeRle(body.Slice(repetitionLength, definitionLength), this.column.MaxDefinitionLevel, definitions, Where("definition levels"));
        }
        var compressedValues = body[(repetitionLength + definitionLength)..];
        int valuesSize = header.UncompressedPageSize - repetitionLength - definitionLength;
        // An empty values section may be stored without any codec framing (PARQUET-2388).
        ReadOnlySpan<byte> values = header.IsCompressed && !(compressedValues.IsEmpty && valuesSize == 0)
            ? Decompress(compressedValues, valuesSize)
            : compressedValues;
        if (values.Length != valuesSize)
        {
            throw Error($"has a v2 page with {values.Length} value bytes, not the {valuesSize} its header declares");
        }
        int nonNull = DecodeValues(header, values, definitions, header.NumValues, buffer);
        if (header.NumNulls != header.NumValues - nonNull)
        {
            throw Error($"has a v2 page declaring {header.NumNulls} nulls but its levels give {header.NumValues - nonNull}");
        }
    }

    private int DecodeValues(PageHeader header, ReadOnlySpan<byte> data, ReadOnlySpan<short> definitions, int levelCount, ColumnBuffer buffer)
    {
        int nonNull = levelCount;
        if (this.column.MaxDefinitionLevel > 0)
        {
            nonNull = definitions.Count((short)this.column.MaxDefinitionLevel);
        }
        ValueDecoding.Decode(header.Encoding, this.column, data, nonNull, this.dictionary, buffer);
        return nonNull;
    }

    private void RequireDataHeader(PageHeader header, ColumnBuffer buffer)
    {
        if (!header.HasTypeHeader)
        {
            throw Error($"has a {header.Type} page without its page header details");
        }
        if (header.NumValues < 0 || header.NumValues > this.meta.NumValues - buffer.LevelCount)
        {
            throw Error($"has a page declaring {header.NumValues} values, more than the {this.meta.NumValues - buffer.LevelCount} left in the chunk");
        }
    }

    /// <summary>The page body decompressed; uncompressed bodies are used in place, without a copy.</summary>
    private ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> body, int uncompressedSize)
    {
        if (uncompressedSize < 0)
        {
            throw Error($"has a page claiming {uncompressedSize} decompressed bytes");
        }
        if (uncompressedSize > this.options.MaxPageBytes)
        {
            throw new ParquetFormatException(
                $"{this.where} has a page claiming {uncompressedSize} decompressed bytes from {body.Length} stored bytes, beyond the reader's limit of {this.options.MaxPageBytes} bytes per page (MaxPageBytes).")
            { ExceededLimit = nameof(ParquetReaderOptions.MaxPageBytes) };
        }
        if (this.meta.Codec == CompressionCodec.Uncompressed)
        {
            return uncompressedSize == body.Length ? body
                : throw Error($"has an uncompressed page of {body.Length} bytes whose header declares {uncompressedSize}");
        }
        if (this.pageBuffer.Length < uncompressedSize)
        {
            if (this.pageBuffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(this.pageBuffer);
            }
            this.pageBuffer = ArrayPool<byte>.Shared.Rent(uncompressedSize);
        }
        var output = this.pageBuffer.AsSpan(0, uncompressedSize);
        try
        {
            PageDecompressor.Decompress(this.meta.Codec, body, output);
            return output;
        }
        catch (ParquetFormatException e) when (!e.Message.StartsWith(this.where, StringComparison.Ordinal))
        {
            throw new ParquetFormatException($"{this.where}: {e.Message}", e);
        }
    }

    private void CheckRowCount(ColumnBuffer buffer, long rowGroupRows)
    {
        long rows = buffer.LevelCount;
        if (this.column.MaxRepetitionLevel > 0)
        {
            var repetitions = buffer.Repetitions;
            if (repetitions.Length > 0 && repetitions[0] != 0)
            {
                throw Error("starts with a repetition level other than 0");
            }
            rows = repetitions.Count((short)0);
        }
        if (rows != rowGroupRows)
        {
            throw Error($"holds {rows} rows but its row group declares {rowGroupRows}");
        }
    }

    private string Where(string what) => $"{this.where}: {what}";

    private ParquetFormatException Error(string problem) => new($"{this.where} {problem}.");
}
