using Tessera.Formats.Parquet;
using Tessera.Formats.Parquet.Reading;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>Unsupported features and non-Parquet input are refused with messages that name them.</summary>
public class RefusalTests
{
    [Fact]
    public void Encrypted_footer_is_refused_naming_encryption()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(ParquetTestFiles.DataDirectory, "alltypes_plain.parquet"));
        "PARE"u8.CopyTo(bytes.AsSpan(bytes.Length - 4));
        var error = Assert.Throws<ParquetFormatException>(() => ParquetReader.Open(new MemoryStream(bytes)));
        Assert.Contains("encryption", error.Message);
        Assert.Contains("PARE", error.Message);
    }

    [Fact]
    public void Non_parquet_input_is_refused()
    {
        var error = Assert.Throws<ParquetFormatException>(() => ParquetReader.Open(new MemoryStream("hello, this is not parquet"u8.ToArray())));
        Assert.Contains("Not a Parquet file", error.Message);
    }

    [Fact]
    public void Tiny_file_claiming_huge_footer_is_refused()
    {
        byte[] bytes = [.. "PAR1"u8, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F, .. "PAR1"u8];
        var error = Assert.Throws<ParquetFormatException>(() => ParquetReader.Open(new MemoryStream(bytes)));
        Assert.Contains("footer length", error.Message);
    }
}
