using System.Globalization;
using System.Text;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>Corpus files that ship a *_expect.csv are compared with it cell by cell (an empty unquoted cell is null).</summary>
public class ExpectationFileTests
{
    public static TheoryData<string> Files => new(
        Directory.EnumerateFiles(ParquetTestFiles.DataDirectory, "*_expect.csv").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Matches_expectation_csv(string csvName)
    {
        string parquet = Path.Combine(ParquetTestFiles.DataDirectory, csvName.Replace("_expect.csv", ".parquet", StringComparison.Ordinal));
        var rows = ParquetTestFiles.ReadAllRows(parquet);
        var lines = File.ReadAllLines(Path.Combine(ParquetTestFiles.DataDirectory, csvName));
        Assert.Equal(lines.Length - 1, rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            var cells = ParseCsvLine(lines[r + 1]);
            Assert.Equal(cells.Count, rows[r].Length);
            for (int c = 0; c < cells.Count; c++)
            {
                string? actual = rows[r][c] switch
                {
                    null => null,
                    byte[] bytes => Encoding.UTF8.GetString(bytes),
                    var value => Convert.ToString(value, CultureInfo.InvariantCulture),
                };
                Assert.True(cells[c] == actual, $"{csvName} row {r} column {c}: expected {cells[c] ?? "null"}, got {actual ?? "null"}");
            }
        }
    }

    /// <summary>Splits one CSV line; quoted cells may hold commas and doubled quotes; an empty unquoted cell is null.</summary>
    private static List<string?> ParseCsvLine(string line)
    {
        var cells = new List<string?>();
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var cell = new StringBuilder();
                i++;
                while (i < line.Length && !(line[i] == '"' && (i + 1 == line.Length || line[i + 1] != '"')))
                {
                    cell.Append(line[i]);
                    i += line[i] == '"' ? 2 : 1;
                }
                cells.Add(cell.ToString());
                i++;
            }
            else
            {
                int end = line.IndexOf(',', i);
                string raw = end < 0 ? line[i..] : line[i..end];
                cells.Add(raw.Length == 0 ? null : raw);
                i = end < 0 ? line.Length : end;
            }
            if (i >= line.Length)
            {
                return cells;
            }
            i++; // the comma
            if (i == line.Length)
            {
                cells.Add(null);
                return cells;
            }
        }
    }
}
