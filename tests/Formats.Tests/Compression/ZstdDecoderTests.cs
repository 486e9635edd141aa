using Tessera.Formats.Compression;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Compression;

/// <summary>Our ZSTD decode path (libzstd through ZstdNet, and our bounds) against frames made by the reference zstd CLI (Debian package "zstd").</summary>
public class ZstdDecoderTests
{
    public static TheoryData<string> Levels => new() { "-1", "-3", "-9", "-19", "--ultra -22", "--fast=5" };

    [Theory]
    [MemberData(nameof(Levels))]
    public void Decodes_reference_cli_frames_at_every_level(string level)
    {
        foreach (var (name, data) in CompressionSamples.All())
        {
            byte[] frame = ZstdCli.Compress(data, [.. level.Split(' '), "--check"]);
            byte[] decoded = Zstd.Decompress(frame, data.Length + 1);
            Assert.True(data.AsSpan().SequenceEqual(decoded), $"{name} at {level} decoded differently");

            var exact = new byte[data.Length];
            Assert.Equal(data.Length, Zstd.Decompress(frame, exact));
            Assert.Equal(data, exact);
        }
    }

    [Fact]
    public void Decodes_concatenated_frames_without_content_size_or_checksum()
    {
        var samples = CompressionSamples.All().ToList();
        var stream = new MemoryStream();
        var expected = new MemoryStream();
        foreach (var (_, data) in samples)
        {
            stream.Write(ZstdCli.Compress(data, ["-3", "--no-check", "--no-content-size"]));
            expected.Write(data);
        }
        byte[] decoded = Zstd.Decompress(stream.ToArray(), (int)expected.Length);
        Assert.Equal(expected.ToArray(), decoded);
    }

    [Fact]
    public void Refuses_output_beyond_the_limit_and_bad_checksums()
    {
        var data = CompressionSamples.All().First(s => s.Name == "text").Data;
        byte[] frame = ZstdCli.Compress(data, ["-3", "--check"]);
        Assert.Throws<InvalidDataException>(() => Zstd.Decompress(frame, data.Length - 1));
        frame[^1] ^= 0x55;
        Assert.Throws<InvalidDataException>(() => Zstd.Decompress(frame, data.Length));
    }

    [Fact]
    public void Corrupt_frames_raise_only_InvalidDataException()
    {
        var random = new Random(7);
        foreach (var (_, data) in CompressionSamples.All().Where(s => s.Data.Length > 0))
        {
            byte[] frame = ZstdCli.Compress(data.AsSpan(0, Math.Min(data.Length, 50_000)).ToArray(), ["-9"]);
            for (int trial = 0; trial < 300; trial++)
            {
                byte[] corrupt = (byte[])frame.Clone();
                int flips = 1 + random.Next(4);
                for (int f = 0; f < flips; f++)
                {
                    corrupt[random.Next(corrupt.Length)] ^= (byte)(1 << random.Next(8));
                }
                if (trial % 5 == 0)
                {
                    corrupt = corrupt[..random.Next(corrupt.Length)];
                }
                try
                {
                    Zstd.Decompress(corrupt, 60_000);
                }
                catch (InvalidDataException)
                {
                }
            }
        }
    }
}

/// <summary>Compresses and decompresses with the reference zstd command-line tool.</summary>
internal static class ZstdCli
{
    public static byte[] Compress(byte[] data, string[] options)
    {
        Assert.True(ProcessRunner.IsOnPath("zstd"), "The zstd CLI is required for these tests: apt-get install zstd");
        return ProcessRunner.Run("zstd", ["-q", "-c", .. options, "-"], standardInput: data);
    }

    public static byte[] Decompress(byte[] frame)
    {
        Assert.True(ProcessRunner.IsOnPath("zstd"), "The zstd CLI is required for these tests: apt-get install zstd");
        return ProcessRunner.Run("zstd", ["-q", "-d", "-c", "-"], standardInput: frame);
    }
}
