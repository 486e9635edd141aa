namespace Tessera.Tests;

/// <summary>Ids read from the first bytes of a span, as pages hold inline sample ids without their padding.</summary>
public class ObjectIdTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(32)]
    public void A_prefix_reads_as_its_bytes_then_zeros_whether_or_not_more_bytes_follow(int length)
    {
        var bytes = Enumerable.Range(0, 40).Select(i => (byte)(0xF0 - i)).ToArray();
        var padded = new byte[ObjectId.Size];
        bytes.AsSpan(0, length).CopyTo(padded);
        var expected = ObjectId.Read(padded);

        // Words read whole and masked (bytes follow) and the prefix copied alone (the span ends with it).
        Assert.Equal(expected, ObjectId.ReadPrefix(bytes, length));
        Assert.Equal(expected, ObjectId.ReadPrefix(bytes.AsSpan(0, length), length));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObjectId.ReadPrefix(bytes.AsSpan(0, length), length + 1));
    }
}
