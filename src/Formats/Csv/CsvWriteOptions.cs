namespace Tessera.Formats.Csv;

/// <summary>How <see cref="CsvWriter"/> writes.</summary>
public sealed record CsvWriteOptions
{
    /// <summary>Record separator: CRLF as RFC 4180 says, or "\n".</summary>
    public string NewLine { get; init; } = "\r\n";
}
