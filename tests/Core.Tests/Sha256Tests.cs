namespace Tessera.Tests;

/// <summary>Our SHA-256 entry point (OpenSSL's low-level functions on Linux) against .NET's implementation and the FIPS 180 example.</summary>
public class Sha256Tests
{
    [Fact]
    public void Uses_the_native_path_on_linux() => Assert.Equal(OperatingSystem.IsLinux(), Sha256.IsNative);

    [Fact]
    public void Matches_the_published_example()
    {
        var digest = new byte[Sha256.Size];
        Sha256.Hash("abc"u8, digest);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(digest));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(792)]
    [InlineData(100_003)]
    public void Whole_and_split_inputs_equal_dotnets_digest(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var expected = System.Security.Cryptography.SHA256.HashData(data);
        var digest = new byte[Sha256.Size];
        Sha256.Hash(data, digest);
        Assert.Equal(expected, digest);
        foreach (int cut in new[] { 0, length / 3, length })
        {
            Array.Clear(digest);
            Sha256.Hash(data.AsSpan(0, cut), data.AsSpan(cut), digest);
            Assert.Equal(expected, digest);
        }
    }
}
