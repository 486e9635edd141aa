using System.Text;
using Tessera.Formats.Compression;

namespace Tessera.Formats.Tests.Compression;

/// <summary>LZ4 block decoding (hand-assembled blocks; real ones come from the LZ4 corpus files) and CRC-32 check values.</summary>
public class Lz4AndCrcTests
{
    [Fact]
    public void Decodes_literals_and_overlapping_matches()
    {
        // Token 0x52: 5 literals "abcde", then a match of 2+4 = 6 bytes at offset 5; then a final 1-literal sequence.
        byte[] block = [0x52, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', 5, 0, 0x10, (byte)'!'];
        var output = new byte[12];
        Assert.Equal(12, Lz4BlockDecoder.Decode(block, output));
        Assert.Equal("abcdeabcdea!", Encoding.ASCII.GetString(output));

        // A run: one literal 'x' then a match at offset 1 of 15+3+4 = 22 bytes, then a final literal.
        byte[] run = [0x1F, (byte)'x', 1, 0, 3, 0x10, (byte)'y'];
        var runOutput = new byte[24];
        Assert.Equal(24, Lz4BlockDecoder.Decode(run, runOutput));
        Assert.Equal(new string('x', 23) + "y", Encoding.ASCII.GetString(runOutput));
    }

    [Fact]
    public void Refuses_offsets_before_the_output_and_overruns()
    {
        Assert.Throws<InvalidDataException>(() => Lz4BlockDecoder.Decode([0x10, (byte)'a', 9, 0, 0x00], new byte[20]));
        Assert.Throws<InvalidDataException>(() => Lz4BlockDecoder.Decode([0x50, (byte)'a'], new byte[20]));
        Assert.Throws<InvalidDataException>(() => Lz4BlockDecoder.Decode([0x30, 1, 2, 3], new byte[2]));
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
    public void XxHash64_matches_reference_values()
    {
        Assert.Equal(0xEF46DB3751D8E999UL, XxHash64.Compute([]));
        Assert.Equal(0x44BC2CF5AD770999UL, XxHash64.Compute("abc"u8));
    }
}
