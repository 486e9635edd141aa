using System.Diagnostics;
using Tessera.Formats.NumPy;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>
/// Byte flips and truncations of valid .npy/.npz files, from fixed seeds and within a time budget, must end in a
/// successful read or an <see cref="NpyFormatException"/>: no other exception, no hang.
/// </summary>
public sealed class NumPyFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Mutated_npy_files_fail_only_with_NpyFormatException(int seed)
    {
        var seeds = TestArrays.All(seed).Where((_, i) => i % 3 == 0).Select(a => Npy(a.Array))
            .Append(NpyBytes.Build(NpyBytes.Header(">i4", "(2, 3)", "True"), new byte[24])).ToArray();
        await RunWithinLimit(() => Fuzz(seed, seeds, bytes =>
        {
            ReadEverything(NpyReader.Read(new MemoryStream(bytes)));
            using NpyStreamReader reader = NpyReader.Open(new ForwardOnlyStream(new MemoryStream(bytes)));
            foreach (ReadOnlyMemory<byte> _ in reader.ReadBatches(batchBytes: 64))
            {
            }
        }));
    }

    [Theory]
    [InlineData(NpzCompression.Stored, 3)]
    [InlineData(NpzCompression.Deflated, 4)]
    public async Task Mutated_npz_archives_fail_only_with_NpyFormatException(NpzCompression compression, int seed)
    {
        byte[] archive = NpzFixtures.Write(compression, [.. TestArrays.All(seed).Where((_, i) => i % 7 == 0)]);
        await RunWithinLimit(() => Fuzz(seed, [archive], bytes =>
        {
            foreach (NpyArray array in NpzReader.ReadAll(new MemoryStream(bytes)).Values)
                ReadEverything(array);
        }));
    }

    internal static async Task RunWithinLimit(Func<List<string>> fuzz)
    {
        Task<List<string>> run = Task.Run(fuzz);
        Assert.True(await Task.WhenAny(run, Task.Delay(HangLimit)) == run, $"The fuzz run did not finish within {HangLimit}: a parse hangs.");
        List<string> failures = await run;
        Assert.Empty(failures.Take(20));
    }

    /// <summary>Mutates the seeds until the budget is spent; returns every mutation that threw something else.</summary>
    private static List<string> Fuzz(int seed, byte[][] seeds, Action<byte[]> parse)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        int iterations = 0;
        while (clock.Elapsed < Budget && iterations < 20_000)
        {
            byte[] original = seeds[random.Next(seeds.Length)];
            byte[] mutated = Mutate(original, random, out string mutation);
            try
            {
                parse(mutated);
            }
            catch (NpyFormatException)
            {
            }
            catch (Exception e)
            {
                failures.Add($"iteration {iterations} ({mutation}): {e.GetType().Name}: {e.Message}");
            }
            iterations++;
        }
        Assert.True(iterations >= 200, $"only {iterations} iterations ran in {Budget}");
        return failures;
    }

    internal static byte[] Mutate(byte[] original, Random random, out string mutation)
    {
        byte[] bytes = original;
        mutation = "";
        if (random.Next(3) != 0)
        {
            bytes = (byte[])original.Clone();
            int flips = random.Next(1, 5);
            for (int i = 0; i < flips; i++)
            {
                int at = random.Next(bytes.Length);
                bytes[at] ^= (byte)random.Next(1, 256);
                mutation += $"flip@{at} ";
            }
        }
        if (mutation.Length == 0 || random.Next(3) == 0)
        {
            int length = random.Next(bytes.Length);
            bytes = bytes[..length];
            mutation += $"truncate@{length}";
        }
        return bytes;
    }

    private static void ReadEverything(NpyArray array)
    {
        if (array.Dtype.Kind is NpyKind.Unicode or NpyKind.Bytes)
            array.GetStrings();
    }

    private static byte[] Npy(NpyArray array)
    {
        var stream = new MemoryStream();
        NpyWriter.Write(stream, array);
        return stream.ToArray();
    }
}
