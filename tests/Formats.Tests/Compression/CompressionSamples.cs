using System.Text;

namespace Tessera.Formats.Tests.Compression;

/// <summary>Inputs that exercise different compressor paths: text, noise, runs, and structured numbers.</summary>
internal static class CompressionSamples
{
    public static IEnumerable<(string Name, byte[] Data)> All()
    {
        var random = new Random(1234);
        yield return ("empty", []);
        yield return ("one-byte", [42]);
        var noise = new byte[300_000];
        random.NextBytes(noise);
        yield return ("noise", noise);
        yield return ("zeros", new byte[1_000_000]);
        var text = new StringBuilder();
        for (int i = 0; text.Length < 400_000; i++)
        {
            text.Append("row ").Append(i).Append(": the quick brown fox ").Append(i % 17 == 0 ? "jumps" : "naps").Append('\n');
        }
        yield return ("text", Encoding.UTF8.GetBytes(text.ToString()));
        var numbers = new byte[8 * 100_000];
        for (int i = 0; i < 100_000; i++)
        {
            BitConverter.TryWriteBytes(numbers.AsSpan(i * 8), Math.Sin(i / 100.0) * (i % 1000));
        }
        yield return ("doubles", numbers);
        var skewed = new byte[200_000];
        for (int i = 0; i < skewed.Length; i++)
        {
            skewed[i] = (byte)(random.NextDouble() < 0.9 ? random.Next(4) : random.Next(256));
        }
        yield return ("skewed", skewed);
    }
}
