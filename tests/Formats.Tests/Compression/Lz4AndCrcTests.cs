using System.Text;
using Tessera.Formats.Compression;

namespace Tessera.Formats.Tests.Compression;

/// <summary>LZ4 block decoding through K4os (hand-assembled blocks; real ones come from the LZ4 corpus files) and CRC-32 check values.</summary>
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

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        byte[] data = new byte[1000];
        new Random(3).NextBytes(data);
        Assert.Equal(Crc32.Compute(data), Crc32.Append(Crc32.Compute(data.AsSpan(0, 333)), data.AsSpan(333)));
    }

    [Theory]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(4099)]
    [InlineData(1 << 20)]
    public void Crc32_of_large_buffers_equals_the_table_and_the_gzip_trailer(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(Crc32.AppendTable(7u, data), Crc32.Append(7u, data));
        using var gz = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            z.Write(data);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(gz.ToArray().AsSpan((int)gz.Length - 8)), Crc32.Compute(data));
    }

    [Fact]
    public void The_empty_block_K4os_writes_decodes_to_nothing()
    {
        var block = new byte[K4os.Compression.LZ4.LZ4Codec.MaximumOutputSize(0)];
        int length = K4os.Compression.LZ4.LZ4Codec.Encode(ReadOnlySpan<byte>.Empty, block);
        Assert.Equal(0, Lz4Block.Decode(block.AsSpan(0, length), Span<byte>.Empty));
    }
}
