namespace Tessera.Formats.Csv;

/// <summary>A column of a CSV table: its header name and value type.</summary>
public sealed record CsvColumn(string Name, CsvColumnType Type);
