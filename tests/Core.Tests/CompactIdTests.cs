using Tessera.Manifests;

namespace Tessera.Tests;

/// <summary>Ids in entry pages and the staging log: inline sample ids without their padding, others whole.</summary>
public class CompactIdTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(31)]
    [InlineData(200)]
    public void Sample_ids_round_trip_and_inline_ones_drop_their_padding(int dataLength)
    {
        byte[] header = [1, 2, 3];
        byte[] data = [.. Enumerable.Range(7, dataLength - Math.Min(dataLength, 3)).Select(i => (byte)i)];
        var id = SampleHasher.Hash(header[..Math.Min(dataLength, 3)], data);
        var writer = new ByteWriter();
        CompactId.Write(writer, id);
        CompactId.Write(writer, ObjectId.Zero);
        var bytes = writer.ToArray();

        int expected = id.IsInlineSample ? 1 + Math.Min(dataLength, 3) + data.Length : ObjectId.Size;
        Assert.Equal(expected, CompactId.Length(id));
        Assert.Equal(expected + ObjectId.Size, bytes.Length);
        Assert.Equal(dataLength <= SampleHasher.InlineMax, id.IsInlineSample);
        int pos = 0;
        Assert.Equal(id, CompactId.Read(bytes, ref pos));
        Assert.Equal(ObjectId.Zero, CompactId.Read(bytes, ref pos));
        Assert.Equal(bytes.Length, pos);
    }

    [Theory]
    [InlineData(new byte[] { 0xA0, 1, 2 })]
    [InlineData(new byte[] { 0x85, 1, 2 })]
    [InlineData(new byte[] { 0x10, 1, 2 })]
    [InlineData(new byte[0])]
    public void Malformed_or_truncated_ids_are_refused(byte[] bytes)
    {
        int pos = 0;
        Assert.Throws<CorruptObjectException>(() => CompactId.Read(bytes, ref pos));
    }

    [Fact]
    public void An_id_that_is_not_a_sample_id_is_not_written_as_one()
    {
        var bytes = new byte[ObjectId.Size];
        bytes[0] = 0x81;
        bytes[5] = 9;
        Assert.Throws<InvalidOperationException>(() => CompactId.Write(new ByteWriter(), ObjectId.Read(bytes)));
    }
}
