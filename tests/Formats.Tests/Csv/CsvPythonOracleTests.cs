using System.Text;
using System.Text.Json;
using Tessera.Formats.Csv;
using Tessera.Formats.Tests.NumPy;

namespace Tessera.Formats.Tests.Csv;

/// <summary>Python's csv module, an independent RFC 4180 implementation, reads what Tessera writes and writes what Tessera reads.</summary>
public sealed class CsvPythonOracleTests
{
    private static readonly CsvColumn[] Columns =
        [new("id", CsvColumnType.Int64), new("x", CsvColumnType.Float64), new("label", CsvColumnType.String)];

    /// <summary>Prints each row of the CSV on stdin as JSON: strings as read, and the float column's IEEE bits as parsed by float().</summary>
    private const string ReadWithPython = """
        import csv, io, json, struct, sys
        rows = list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")))
        out = [{"fields": r, "bits": struct.pack("<d", float(r[1])).hex() if i > 0 and r[1] else None} for i, r in enumerate(rows)]
        json.dump(out, sys.stdout)
        """;

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void Python_csv_reads_what_Tessera_writes(string newLine)
    {
        List<object?[]> rows = CsvRoundTripTests.RandomRows(new Random(17), 500);
        byte[] csv = CsvText.Write(Columns, rows, newLine);
        using JsonDocument parsed = JsonDocument.Parse(SystemPython.RunCode(ReadWithPython, csv));
        var pythonRows = parsed.RootElement.EnumerateArray().ToList();
        Assert.Equal(rows.Count + 1, pythonRows.Count);
        Assert.Equal(["id", "x", "label"], pythonRows[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        for (int i = 0; i < rows.Count; i++)
        {
            string?[] fields = [.. pythonRows[i + 1].GetProperty("fields").EnumerateArray().Select(f => f.GetString())];
            Assert.Equal(rows[i][0] is long id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "", fields[0]);
            Assert.Equal((string?)rows[i][2] ?? "", fields[2]);
            string? bits = pythonRows[i + 1].GetProperty("bits").GetString();
            if (rows[i][1] is double x)
                Assert.True(double.IsNaN(x) ? IsNaNBits(bits!) : bits == LittleEndianHex(x), $"row {i}: {x:R} parsed by Python as {bits}");
            else
                Assert.Null(bits);
        }
    }

    [Fact]
    public void Tessera_reads_what_Python_csv_writes()
    {
        const string writeWithPython = """
            import csv, json, sys
            rows = [
                [1, 0.1, "plain"], [-9223372036854775808, float("inf"), "comma, and \"quotes\""],
                [9223372036854775807, float("-inf"), "multi\nline\r\ntext"], [0, float("nan"), "\u00e9\U0001F600"],
                [42, 1e-310, " spaced "], [7, -0.0, "'single'"], [None, None, None], [3, 2.5e300, "ends with quote\""],
            ]
            writer = csv.writer(sys.stdout, lineterminator=sys.argv[1])
            writer.writerow(["id", "x", "label"])
            writer.writerows(rows)
            """;
        foreach (string terminator in new[] { "\r\n", "\n" })
        {
            byte[] csv = SystemPython.RunCode(writeWithPython, null, terminator);
            var (columns, rows) = CsvText.Read(csv);
            Assert.Equal(Columns, columns);
            object?[][] expected =
            [
                [1L, 0.1, "plain"], [long.MinValue, double.PositiveInfinity, "comma, and \"quotes\""],
                [long.MaxValue, double.NegativeInfinity, "multi\nline\r\ntext"], [0L, double.NaN, "\u00e9\U0001F600"],
                [42L, 1e-310, " spaced "], [7L, -0.0, "'single'"], [null, null, null], [3L, 2.5e300, "ends with quote\""],
            ];
            Assert.Equal(expected.Length, rows.Count);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(CsvRoundTripTests.SameRow(expected[i], rows[i]), $"row {i}: [{string.Join("|", rows[i])}]");
        }
    }

    private static string LittleEndianHex(double value) => Convert.ToHexStringLower(BitConverter.GetBytes(value));

    private static bool IsNaNBits(string hex) => double.IsNaN(BitConverter.ToDouble(Convert.FromHexString(hex)));
}
