using Tessera.Formats.Csv;

namespace Tessera.Formats.Tests.Csv;

/// <summary>Malformed CSV is refused with a <see cref="CsvFormatException"/> naming the line and column.</summary>
public sealed class CsvBadInputTests
{
    public static TheoryData<string, byte[], long, int, string> Malformed => new()
    {
        { "empty input", [], 1, 1, "the input is empty" },
        { "unclosed quote", CsvText.Utf8("a,b\n1,\"open\n2,3\n"), 4, 2, "quoted field opened on line 2 is not closed" },
        { "quote inside unquoted field", CsvText.Utf8("a,b\n1,ab\"c\n"), 2, 2, "a quote inside an unquoted field" },
        { "text after closing quote", CsvText.Utf8("a,b\n\"x\"y,1\n"), 2, 1, "'y' after the closing quote" },
        { "too few fields", CsvText.Utf8("a,b,c\n1,2,3\n4,5\n"), 3, 3, "expected 3 fields as in the header, found 2" },
        { "too many fields", CsvText.Utf8("a,b\n1,2\n3,4,5\n"), 3, 3, "expected 2 fields as in the header, found 3" },
        { "duplicate column", CsvText.Utf8("a,b,a\n1,2,3\n"), 1, 3, "names column 'a' twice" },
        { "invalid UTF-8", [.. CsvText.Utf8("a\nok\n"), 0xC3, 0x28, (byte)'\n'], 3, 1, "not valid UTF-8" },
        { "forced int gets text", CsvText.Utf8("n\n1\n2.5\n"), 3, 1, "'2.5' in column 'n' is not an integer" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_csv_names_line_and_column(string description, byte[] bytes, long line, int column, string problem)
    {
        var options = new CsvReadOptions { ColumnTypes = description.StartsWith("forced", StringComparison.Ordinal) ? new Dictionary<string, CsvColumnType> { ["n"] = CsvColumnType.Int64 } : new Dictionary<string, CsvColumnType>() };
        var error = Assert.Throws<CsvFormatException>(() => CsvText.Read(bytes, options));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"CSV line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_longer_than_the_limit_is_refused_early()
    {
        byte[] bytes = CsvText.Utf8("a\n\"" + new string('x', 5000));
        var error = Assert.Throws<CsvFormatException>(() => CsvText.Read(bytes, new CsvReadOptions { MaxRecordLength = 1000 }));
        Assert.Contains("longer than 1000 characters", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }
}
