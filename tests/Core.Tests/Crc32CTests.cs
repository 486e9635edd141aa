namespace Tessera.Tests;

public class Crc32CTests
{
    [Fact]
    public void Matches_the_published_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, Crc32C.ComputeReference("123456789"u8));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(12_345)]
    [InlineData(262_144)]
    [InlineData(1_000_003)]
    public void Interleaved_and_split_computations_equal_the_reference(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        uint expected = Crc32C.ComputeReference(data);
        Assert.Equal(expected, Crc32C.Compute(data));
        int cut = length / 3;
        Assert.Equal(expected, Crc32C.Compute(data.AsSpan(0, cut), data.AsSpan(cut)));
    }
}
