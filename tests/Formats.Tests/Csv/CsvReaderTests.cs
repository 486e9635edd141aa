using Tessera.Formats.Csv;
using Tessera.Formats.Tests.NumPy;

namespace Tessera.Formats.Tests.Csv;

public sealed class CsvReaderTests
{
    [Fact]
    public void Quoted_fields_hold_commas_quotes_and_line_breaks()
    {
        var (_, rows) = CsvText.Read("a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",\"lf\nonly\"\r\n");
        Assert.Equal([["x,y", "say \"hi\""], ["two\r\nlines", "lf\nonly"]], rows);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4\n")]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]
    [InlineData("a,b\r1,2\r3,4")]
    [InlineData("\uFEFFa,b\n1,2\n3,4")]
    public void Line_endings_and_a_BOM_do_not_change_the_table(string text)
    {
        var (columns, rows) = CsvText.Read(text);
        Assert.Equal([new CsvColumn("a", CsvColumnType.Int64), new CsvColumn("b", CsvColumnType.Int64)], columns);
        Assert.Equal([[1L, 2L], [3L, 4L]], rows);
    }

    [Fact]
    public void Types_are_inferred_per_column()
    {
        var (columns, rows) = CsvText.Read(
            "int,float,special,text,empty,mixed\n1,1.5,nan,a,,1\n-2,3,-Infinity,2,,99999999999999999999.5\n,1e-3,INF,,,\n");
        Assert.Equal(
            [CsvColumnType.Int64, CsvColumnType.Float64, CsvColumnType.Float64, CsvColumnType.String, CsvColumnType.String, CsvColumnType.Float64],
            columns.Select(c => c.Type));
        Assert.Equal([1L, 1.5, double.NaN, "a", null, 1.0], rows[0]);
        Assert.Equal([-2L, 3.0, double.NegativeInfinity, "2", null, 1e20], rows[1]);
        Assert.Equal([null, 0.001, double.PositiveInfinity, null, null, null], rows[2]);
    }

    [Theory]
    [InlineData("99999999999999999999", "an integer beyond the range of int64", "--types v=str")]
    [InlineData("-9223372036854775809", "an integer beyond the range of int64", "--types v=float64")]
    [InlineData("1e400", "a number beyond the range of float64 (its magnitude would become infinity)", "--types v=str")]
    [InlineData("-1.5e309", "a number beyond the range of float64 (its magnitude would become infinity)", "--types v=str")]
    [InlineData("1e-400", "a number beyond the range of float64 (its magnitude would become 0)", "--types v=str")]
    public void A_number_beyond_its_inferred_type_is_refused_with_its_line_not_rounded(string value, string problem, string wayOut)
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvText.Read($"k,v\n1,2\n3,{value}\n"));
        Assert.Equal((3, 2), (error.Line, error.Column));
        Assert.Contains($"'{value}' in column 'v' is {problem}", error.Message, StringComparison.Ordinal);
        Assert.Contains(wayOut, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0e-400", 0.0)]
    [InlineData("4.9e-324", double.Epsilon)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    public void Numbers_at_the_edges_of_float64_are_read(string value, double expected)
    {
        var (columns, rows) = CsvText.Read($"v\n{value}\n");
        Assert.Equal(CsvColumnType.Float64, columns[0].Type);
        Assert.Equal(expected, rows[0][0]);
    }

    [Theory]
    [InlineData(" 1")]
    [InlineData("1,000")]
    [InlineData("0x10")]
    [InlineData("1.5.2")]
    [InlineData("∞")]
    [InlineData("nanx")]
    public void Text_that_is_not_plain_number_syntax_makes_a_string_column(string value)
    {
        string field = value.Contains(',', StringComparison.Ordinal) ? $"\"{value}\"" : value;
        var (columns, rows) = CsvText.Read($"v\n{field}\n");
        Assert.Equal(CsvColumnType.String, columns[0].Type);
        Assert.Equal(value, rows[0][0]);
    }

    [Fact]
    public void Forced_types_override_inference()
    {
        var options = new CsvReadOptions { ColumnTypes = new Dictionary<string, CsvColumnType> { ["id"] = CsvColumnType.String, ["x"] = CsvColumnType.Float64 } };
        var (columns, rows) = CsvText.Read("id,x,n\n007,1,2\n", options);
        Assert.Equal([CsvColumnType.String, CsvColumnType.Float64, CsvColumnType.Int64], columns.Select(c => c.Type));
        Assert.Equal([["007", 1.0, 2L]], rows);
    }

    [Fact]
    public void An_empty_unquoted_field_is_null_and_a_quoted_one_is_the_empty_string()
    {
        var (_, rows) = CsvText.Read("s,t\n,\"\"\n");
        Assert.Equal([[null, ""]], rows);
    }

    [Fact]
    public void Blank_lines_are_skipped_but_are_nulls_in_a_one_column_table()
    {
        Assert.Equal([[1L, 2L], [3L, 4L]], CsvText.Read("a,b\n1,2\n\n3,4\n\n").Rows);
        Assert.Equal([[1L], [null], [3L]], CsvText.Read("a\n1\n\n3\n").Rows);
    }

    [Fact]
    public void A_trailing_comma_at_the_end_of_the_input_is_an_empty_last_field()
    {
        Assert.Equal([[1L, null]], CsvText.Read("a,b\n1,").Rows);
    }

    [Fact]
    public void Rows_come_in_batches_that_know_their_first_line()
    {
        string text = "n\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"{i}\n"));
        using CsvReader reader = CsvReader.Open(new MemoryStream(CsvText.Utf8(text)), new CsvReadOptions { BatchRows = 3 });
        var batches = reader.ReadBatches().Select(b => (b.RowCount, b.FirstLine, First: b.GetInt64(0)[0])).ToList();
        Assert.Equal([(3, 2L, 0L), (3, 5L, 3L), (3, 8L, 6L), (1, 11L, 9L)], batches);
    }

    [Fact]
    public void A_forward_only_stream_reads_when_every_type_is_forced()
    {
        var options = new CsvReadOptions { ColumnTypes = new Dictionary<string, CsvColumnType> { ["a"] = CsvColumnType.Int64 } };
        using (CsvReader reader = CsvReader.Open(new ForwardOnlyStream(new MemoryStream(CsvText.Utf8("a\n5\n"))), options))
            Assert.Equal(5L, reader.ReadBatch()!.GetInt64(0)[0]);
        var error = Assert.Throws<ArgumentException>(() => CsvReader.Open(new ForwardOnlyStream(new MemoryStream(CsvText.Utf8("a\n5\n")))));
        Assert.Contains("seekable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forced_type_for_an_absent_column_is_refused()
    {
        var options = new CsvReadOptions { ColumnTypes = new Dictionary<string, CsvColumnType> { ["zz"] = CsvColumnType.Int64 } };
        var error = Assert.Throws<ArgumentException>(() => CsvText.Read("a\n1\n", options));
        Assert.Contains("'zz'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_large_table_keeps_memory_bounded()
    {
        // 400k rows (~10 MB of text) read in 4096-row batches must not allocate in proportion to the file.
        var stream = new MemoryStream();
        using (var writer = new CsvWriter(stream, [new("i", CsvColumnType.Int64), new("x", CsvColumnType.Float64)], leaveOpen: true))
        {
            for (long i = 0; i < 400_000; i++)
            {
                writer.WriteInt64(i);
                writer.WriteFloat64(i / 7.0);
                writer.EndRow();
            }
        }
        stream.Position = 0;
        var options = new CsvReadOptions
        {
            BatchRows = 4096,
            ColumnTypes = new Dictionary<string, CsvColumnType> { ["i"] = CsvColumnType.Int64, ["x"] = CsvColumnType.Float64 },
        };
        using CsvReader reader = CsvReader.Open(new ForwardOnlyStream(stream), options);
        long rows = 0, sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (CsvBatch batch in reader.ReadBatches())
        {
            rows += batch.RowCount;
            foreach (long i in batch.GetInt64(0))
                sum += i;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(400_000, rows);
        Assert.Equal(399_999L * 400_000 / 2, sum);
        Assert.InRange(allocated, 0, 20L << 20); // batches are ~100 KB each; no per-field strings
    }
}
