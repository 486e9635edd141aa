namespace Tessera.Formats.Csv;

/// <summary>The value types of a CSV column.</summary>
public enum CsvColumnType
{
    /// <summary>Whole numbers in the range of <see cref="long"/>.</summary>
    Int64,

    /// <summary>Numbers, including nan, inf and infinity in any case and with either sign.</summary>
    Float64,

    /// <summary>Any text.</summary>
    String,
}
