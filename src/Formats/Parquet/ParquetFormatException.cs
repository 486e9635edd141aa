namespace Tessera.Formats.Parquet;

/// <summary>
/// The one exception the Parquet codec raises for unreadable, corrupt or unsupported input.
/// The message says what is wrong and where (column, row group, page) when that is known.
/// </summary>
public sealed class ParquetFormatException : Exception
{
    public ParquetFormatException(string message) : base(message)
    {
    }

    public ParquetFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>
    /// The <see cref="Reading.ParquetReaderOptions"/> limit the file went beyond (<c>MaxPageBytes</c>,
    /// <c>MaxRowGroupBytes</c>), or null when the file is unreadable. A file beyond a limit may be
    /// sound, and readable with the limit raised.
    /// </summary>
    public string? ExceededLimit { get; init; }
}
