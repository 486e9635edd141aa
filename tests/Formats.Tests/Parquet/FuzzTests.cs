namespace Tessera.Formats.Tests.Parquet;

/// <summary>
/// Corrupted corpus files (fixed seeds: flipped bytes, truncations) either read or raise
/// ParquetFormatException; never another exception, a hang or an oversized allocation.
/// </summary>
public class FuzzTests
{
    private const int MutationsPerFile = 24;

    public static TheoryData<string> Files => new(ParquetTestFiles.DataFiles()
        .Where(f => !f.EndsWith("large_string_map.brotli.parquet", StringComparison.Ordinal))
        .Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Corrupted_file_reads_or_is_refused(string name)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(ParquetTestFiles.DataDirectory, name));
        var random = new Random(name.Length * 7919 + original.Length);
        string scratch = Path.Combine(Path.GetTempPath(), $"tessera-fuzz-{Environment.ProcessId}-{name}");
        try
        {
            for (int trial = 0; trial < MutationsPerFile; trial++)
            {
                byte[] mutated = Mutate(original, random, trial);
                File.WriteAllBytes(scratch, mutated);
                ReadGuard.ReadOrRefuse(scratch, TimeSpan.FromSeconds(20), $"{name} trial {trial}");
            }
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    /// <summary>Truncations, flips anywhere, and flips concentrated in the footer (where structure lives).</summary>
    private static byte[] Mutate(byte[] original, Random random, int trial)
    {
        if (trial % 4 == 0)
        {
            return original[..random.Next(original.Length)];
        }
        byte[] mutated = (byte[])original.Clone();
        int flips = 1 + random.Next(8);
        int footerStart = Math.Max(0, original.Length - 8 - BitConverter.ToInt32(original, original.Length - 8));
        for (int i = 0; i < flips; i++)
        {
            int position = trial % 4 == 1 ? random.Next(footerStart, original.Length - 8) : random.Next(original.Length);
            mutated[position] = trial % 2 == 0 ? (byte)random.Next(256) : (byte)(mutated[position] ^ (1 << random.Next(8)));
        }
        return mutated;
    }
}
