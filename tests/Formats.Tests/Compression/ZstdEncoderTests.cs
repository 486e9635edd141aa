using System.Diagnostics;
using System.Text;
using Tessera.Formats.Compression;
using Tessera.Formats.Tests.TestSupport;
using Xunit.Abstractions;

namespace Tessera.Formats.Tests.Compression;

/// <summary>
/// ZSTD frames written through <see cref="Zstd"/> (libzstd through ZstdNet) decode to the input with our decode
/// path and with the reference zstd CLI (Debian package "zstd"), and compressible input gets smaller.
/// </summary>
public class ZstdEncoderTests(ITestOutputHelper output)
{
    private const int Block = 128 * 1024;

    /// <summary>The compression samples plus sizes around block boundaries and inputs that stress repeat offsets and long distances.</summary>
    private static IEnumerable<(string Name, byte[] Data)> Samples()
    {
        foreach (var sample in CompressionSamples.All())
        {
            yield return sample;
        }
        var random = new Random(99);
        foreach (int size in new[] { 1, 2, 3, 4, 5, 8, 15, 16, 17, 31, 32, 33, 100, 4095, 4096, 4097, Block - 1, Block, Block + 1, 2 * Block + 5 })
        {
            yield return ($"text-{size}", Text(size));
            yield return ($"records-{size}", Records(size, random));
        }
        var noiseThenCopy = new byte[3 * Block];
        random.NextBytes(noiseThenCopy.AsSpan(0, Block + 1000));
        noiseThenCopy.AsSpan(0, Block + 1000).CopyTo(noiseThenCopy.AsSpan(Block + 1000));
        yield return ("noise-then-copy-across-blocks", noiseThenCopy);
        yield return ("runs-of-bytes", Enumerable.Range(0, 300_000).Select(i => (byte)(i / 1000 % 3)).ToArray());
        var zerosThenText = new byte[Block + 4000];
        Text(4000).CopyTo(zerosThenText, Block);
        yield return ("rle-block-then-text", zerosThenText);
        yield return ("records-1.5MiB", Records(3 * 1024 * 1024 / 2, random));
        yield return ("fibonacci-byte-frequencies", FibonacciFrequencies(random));
    }

    [Fact]
    public void Frames_decode_to_the_input_with_our_decode_path()
    {
        foreach (var (name, data) in Samples())
        {
            byte[] frame = Zstd.Compress(data);
            var decoded = new byte[data.Length];
            Assert.True(Zstd.Decompress(frame, decoded) == data.Length, $"{name}: wrong length");
            Assert.True(data.AsSpan().SequenceEqual(decoded), $"{name} decoded differently");
        }
    }

    [Fact]
    public void Frames_decode_to_the_input_with_the_reference_cli()
    {
        foreach (var (name, data) in Samples())
        {
            byte[] frame = Zstd.Compress(data);
            Assert.True(data.AsSpan().SequenceEqual(ZstdCli.Decompress(frame)), $"{name}: zstd -d disagrees");
        }
    }

    [Fact]
    public void Inputs_beyond_the_window_use_a_window_descriptor_and_decode_everywhere()
    {
        // 9 MiB: one segment would need a 9 MiB window, so the frame declares a window of its own
        // (level 1's is 512 KiB) and the repetition 8.875 MiB back must not be referenced, while the
        // one 256 KiB back may be.
        const int block = 256 * 1024;
        var random = new Random(5);
        var data = new byte[9 * 1024 * 1024];
        random.NextBytes(data.AsSpan(0, block));
        for (int start = block; start < data.Length; start += block)
        {
            data.AsSpan(0, block).CopyTo(data.AsSpan(start));
        }
        data.AsSpan(0, block / 2).CopyTo(data.AsSpan(data.Length - (block / 2)));
        byte[] frame = Zstd.Compress(data);
        Assert.Equal(0, frame[4] & 0x20);
        Assert.True(frame.Length < 2 * block, $"{frame.Length} bytes");
        Assert.True(data.AsSpan().SequenceEqual(Zstd.Decompress(frame, data.Length)));
        Assert.True(data.AsSpan().SequenceEqual(ZstdCli.Decompress(frame)));
    }

    [Fact]
    public void Compressible_input_shrinks_and_noise_stays_within_a_few_bytes()
    {
        var samples = CompressionSamples.All().ToDictionary(s => s.Name, s => s.Data);
        samples["records"] = Records(1024 * 1024, new Random(3));
        foreach (var (name, limit) in new[] { ("zeros", 0.001), ("text", 0.15), ("records", 0.5) })
        {
            double ratio = (double)Zstd.Compress(samples[name]).Length / samples[name].Length;
            output.WriteLine($"{name}: {ratio:P1} of {samples[name].Length} bytes");
            Assert.True(ratio < limit, $"{name} compressed to {ratio:P1}, expected below {limit:P0}");
        }
        byte[] noise = samples["noise"];
        Assert.True(Zstd.Compress(noise).Length <= noise.Length + 13 + 3 * 3 + 4);
    }

    private static byte[] Text(int size)
    {
        var text = new StringBuilder();
        for (int i = 0; text.Length < size; i++)
        {
            text.Append("line ").Append(i * 7919 % 1000).Append(i % 3 == 0 ? " alpha" : " beta gamma").Append('\n');
        }
        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }

    /// <summary>Fixed-width records (an id, a slowly varying float, a tag) whose fields repeat at different distances.</summary>
    private static byte[] Records(int size, Random random)
    {
        var data = new byte[size];
        int record = 0;
        for (int at = 0; at + 16 <= size; at += 16, record++)
        {
            BitConverter.TryWriteBytes(data.AsSpan(at), record / 4);
            BitConverter.TryWriteBytes(data.AsSpan(at + 4), (float)Math.Round(Math.Sin(record / 50.0), 2));
            BitConverter.TryWriteBytes(data.AsSpan(at + 8), record % 5 == 0 ? random.NextInt64() : 0x0102030405060708L);
        }
        return data;
    }

    /// <summary>Byte k occurs fib(k) times in random order: the Huffman tree is far deeper than 11 levels.</summary>
    private static byte[] FibonacciFrequencies(Random random)
    {
        var bytes = new List<byte>();
        (int a, int b) = (1, 1);
        for (int symbol = 0; symbol < 24; symbol++, (a, b) = (b, a + b))
        {
            bytes.AddRange(Enumerable.Repeat((byte)(symbol * 11), a));
        }
        var data = bytes.ToArray();
        random.Shuffle(data);
        return data;
    }
}
