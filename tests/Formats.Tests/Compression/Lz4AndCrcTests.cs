using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Tessera.Formats.Compression;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;

namespace Tessera.Formats.Tests.Compression;

/// <summary>LZ4 block decoding through K4os (hand-assembled blocks; real ones come from the LZ4 corpus files) and the CRC-32 of the pages we write, against zlib's.</summary>
public class Lz4AndCrcTests
{
    [Fact]
    public void Decodes_blocks_with_literals_and_overlapping_matches()
    {
        // Repeats at short distances (overlapping copies) and a long run, as LZ4's reference encoder writes them.
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcdeabcdea!", 50)) + new string('x', 500) + "the end of the block.");
        var block = new byte[K4os.Compression.LZ4.LZ4Codec.MaximumOutputSize(text.Length)];
        int length = K4os.Compression.LZ4.LZ4Codec.Encode(text, block);
        Assert.True(length < text.Length / 4, "the block holds matches, not only literals");
        var output = new byte[text.Length];
        Assert.Equal(text.Length, Lz4Block.Decode(block.AsSpan(0, length), output));
        Assert.Equal(text, output);
    }

    [Fact]
    public void Refuses_offsets_before_the_output_and_overruns()
    {
        Assert.Throws<InvalidDataException>(() => Lz4Block.Decode([0x10, (byte)'a', 9, 0, 0x00], new byte[20]));
        Assert.Throws<InvalidDataException>(() => Lz4Block.Decode([0x50, (byte)'a'], new byte[20]));
        Assert.Throws<InvalidDataException>(() => Lz4Block.Decode([0x30, 1, 2, 3], new byte[2]));
    }

    [Theory]
    [InlineData(CompressionCodec.Uncompressed)]
    [InlineData(CompressionCodec.Snappy)]
    public void Page_checksums_the_writer_stores_are_zlibs_CRC32_of_the_page(CompressionCodec codec)
    {
        string file = Path.Combine(Path.GetTempPath(), $"crc-{Guid.NewGuid():N}.parquet");
        try
        {
            var schema = new ParquetSchema([SchemaField.Primitive("d", PhysicalType.Double, Repetition.Required)]);
            var values = Enumerable.Range(0, 5000).Select(i => i * 0.25).ToArray();
            using (var writer = ParquetWriter.Create(file, schema, new ParquetWriterOptions { Codec = codec, UseDictionary = false }))
                writer.WriteRowGroup([new ColumnData(schema.Columns[0], values, values.Length)]);
            var bytes = File.ReadAllBytes(file);
            var header = MetadataReader.ReadPageHeader(bytes.AsMemory(4), out int headerLength);
            var body = bytes.AsSpan(4 + headerLength, header.CompressedPageSize);
            using var gz = new MemoryStream();
            using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
                z.Write(body);
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(gz.ToArray().AsSpan((int)gz.Length - 8)), (uint)header.Crc!.Value);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_empty_block_K4os_writes_decodes_to_nothing()
    {
        var block = new byte[K4os.Compression.LZ4.LZ4Codec.MaximumOutputSize(0)];
        int length = K4os.Compression.LZ4.LZ4Codec.Encode(ReadOnlySpan<byte>.Empty, block);
        Assert.Equal(0, Lz4Block.Decode(block.AsSpan(0, length), Span<byte>.Empty));
    }
}
