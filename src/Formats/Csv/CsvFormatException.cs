namespace Tessera.Formats.Csv;

/// <summary>
/// The CSV input breaks RFC 4180 or does not fit the column types. <see cref="Line"/> and <see cref="Column"/>
/// (both 1-based; the column is the field number) say where, and the message says what.
/// </summary>
public sealed class CsvFormatException : Exception
{
    public CsvFormatException(string problem, long line, int column, Exception? innerException = null)
        : base($"CSV line {line}, column {column}: {problem}", innerException)
    {
        Line = line;
        Column = column;
    }

    public CsvFormatException()
        : base("Invalid CSV.")
    {
    }

    public CsvFormatException(string message)
        : base(message)
    {
    }

    public CsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long Line { get; }

    public int Column { get; }
}
