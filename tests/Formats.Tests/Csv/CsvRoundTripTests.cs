using Tessera.Formats.Csv;

namespace Tessera.Formats.Tests.Csv;

/// <summary>What the writer writes, the reader reads back exactly, with the same inferred types.</summary>
public sealed class CsvRoundTripTests
{
    private static readonly CsvColumn[] Columns =
    [
        new("id", CsvColumnType.Int64), new("x", CsvColumnType.Float64), new("label, \"quoted\"", CsvColumnType.String),
    ];

    private static readonly string[] TrickyStrings =
    [
        "plain", "", "comma,inside", "quote\"inside", "\"", "line\nbreak", "crlf\r\nbreak", "cr\ronly", " padded ",
        "h\u00e9llo \U0001F600", "\uFEFFbom-like", "nan", "1e5", "-",
    ];

    [Theory]
    [InlineData(1, "\r\n")]
    [InlineData(2, "\n")]
    public void Random_tables_round_trip_exactly(int seed, string newLine)
    {
        List<object?[]> rows = RandomRows(new Random(seed), 2000);
        byte[] csv = CsvText.Write(Columns, rows, newLine);
        var (columns, back) = CsvText.Read(csv);
        Assert.Equal(Columns, columns);
        Assert.Equal(rows.Count, back.Count);
        for (int i = 0; i < rows.Count; i++)
            Assert.True(SameRow(rows[i], back[i]), $"row {i}: wrote [{string.Join("|", rows[i])}], read [{string.Join("|", back[i])}]");
    }

    [Fact]
    public void Extreme_numbers_keep_their_bits()
    {
        double[] doubles = [0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 0.1, 1.0 / 3, 1e300, 123456789012345678.0, double.PositiveInfinity, double.NegativeInfinity];
        long[] longs = [long.MinValue, long.MaxValue, 0, -1];
        var rows = doubles.Select((d, i) => new object?[] { longs[i % longs.Length], d, null }).ToList();
        var (columns, back) = CsvText.Read(CsvText.Write(Columns, rows));
        Assert.Equal(CsvColumnType.Float64, columns[1].Type);
        Assert.Equal(doubles.Select(BitConverter.DoubleToInt64Bits), back.Select(r => BitConverter.DoubleToInt64Bits((double)r[1]!)));
        Assert.Equal(rows.Select(r => r[0]), back.Select(r => r[0]));
    }

    [Fact]
    public void Integral_floats_are_written_so_they_stay_floats()
    {
        string text = System.Text.Encoding.UTF8.GetString(CsvText.Write([new("x", CsvColumnType.Float64)], [[1.0], [-0.0], [1e20], [double.NaN]], "\n"));
        Assert.Equal("x\n1.0\n-0.0\n1E+20\nNaN\n", text);
    }

    [Fact]
    public void A_batch_is_written_back_as_it_was_read()
    {
        byte[] csv = CsvText.Write(Columns, RandomRows(new Random(3), 100));
        using CsvReader reader = CsvReader.Open(new MemoryStream(csv));
        var copy = new MemoryStream();
        using (var writer = new CsvWriter(copy, reader.Columns, leaveOpen: true))
        {
            foreach (CsvBatch batch in reader.ReadBatches())
                writer.WriteBatch(batch);
        }
        Assert.Equal(csv, copy.ToArray());
    }

    [Fact]
    public void A_one_column_table_keeps_nulls_and_empty_strings_apart()
    {
        CsvColumn[] single = [new("", CsvColumnType.String)];
        byte[] csv = CsvText.Write(single, [["a"], [null], [""], ["b"]]);
        var (columns, rows) = CsvText.Read(csv, new CsvReadOptions { ColumnTypes = new Dictionary<string, CsvColumnType> { [""] = CsvColumnType.String } });
        Assert.Equal(single, columns);
        Assert.Equal([["a"], [null], [""], ["b"]], rows);
    }

    [Fact]
    public void The_writer_refuses_values_of_the_wrong_type_or_count()
    {
        using var writer = new CsvWriter(new MemoryStream(), Columns);
        Assert.Throws<InvalidOperationException>(() => writer.WriteFloat64(1));
        writer.WriteInt64(1);
        Assert.Throws<InvalidOperationException>(writer.EndRow);
        writer.WriteFloat64(2);
        writer.WriteString("s");
        Assert.Throws<InvalidOperationException>(writer.WriteNull);
        writer.EndRow();
    }

    internal static List<object?[]> RandomRows(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new object?[]
        {
            random.Next(10) == 0 ? null : random.NextInt64(long.MinValue, long.MaxValue),
            random.Next(10) == 0 ? null : RandomDouble(random),
            random.Next(10) == 0 ? null : TrickyStrings[random.Next(TrickyStrings.Length)],
        })];

    private static double RandomDouble(Random random) => random.Next(4) switch
    {
        0 => BitConverter.Int64BitsToDouble(random.NextInt64()), // any bit pattern, subnormals and infinities included
        1 => random.Next(-1000, 1000),
        2 => double.NaN,
        _ => random.NextDouble() * Math.Pow(10, random.Next(-30, 30)),
    };

    /// <summary>Equal values; NaN equals NaN (CSV keeps no NaN payload or sign, as numpy's text output does not).</summary>
    internal static bool SameRow(object?[] expected, object?[] actual) =>
        expected.Zip(actual).All(pair => pair switch
        {
            (double a, double b) => double.IsNaN(a) ? double.IsNaN(b) : BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
            var (a, b) => Equals(a, b),
        });
}
