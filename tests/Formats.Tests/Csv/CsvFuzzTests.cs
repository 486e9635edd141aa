using System.Diagnostics;
using Tessera.Formats.Csv;
using Tessera.Formats.Tests.NumPy;

namespace Tessera.Formats.Tests.Csv;

/// <summary>Byte flips and truncations of a valid CSV file end in a read or a <see cref="CsvFormatException"/>, nothing else, and never hang.</summary>
public sealed class CsvFuzzTests
{
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public async Task Mutated_csv_fails_only_with_CsvFormatException(int seed)
    {
        CsvColumn[] columns = [new("id", CsvColumnType.Int64), new("x", CsvColumnType.Float64), new("label", CsvColumnType.String)];
        byte[] original = CsvText.Write(columns, CsvRoundTripTests.RandomRows(new Random(seed), 40));
        var forced = new CsvReadOptions
        {
            BatchRows = 7,
            MaxRecordLength = 4096,
            ColumnTypes = new Dictionary<string, CsvColumnType> { ["id"] = CsvColumnType.Int64, ["x"] = CsvColumnType.Float64, ["label"] = CsvColumnType.String },
        };
        Task<List<string>> run = Task.Run(() =>
        {
            var random = new Random(seed);
            var failures = new List<string>();
            var clock = Stopwatch.StartNew();
            for (int iteration = 0; iteration < 5000 && clock.Elapsed < TimeSpan.FromSeconds(8); iteration++)
            {
                byte[] mutated = NumPyFuzzTests.Mutate(original, random, out string mutation);
                foreach (CsvReadOptions? options in new[] { null, forced })
                {
                    try
                    {
                        CsvText.Read(mutated, options);
                    }
                    catch (CsvFormatException)
                    {
                    }
                    catch (ArgumentException e) when (options == forced && e.Message.Contains("not in the header", StringComparison.Ordinal))
                    {
                        // a flipped header byte renamed a forced column: a caller error, reported as such
                    }
                    catch (Exception e)
                    {
                        failures.Add($"iteration {iteration} ({mutation}): {e.GetType().Name}: {e.Message}");
                    }
                }
            }
            return failures;
        });
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run, "The CSV fuzz run did not finish: a read hangs.");
        Assert.Empty((await run).Take(20));
    }
}
