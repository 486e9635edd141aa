namespace Tessera.Formats.Mapping;

/// <summary>
/// A file to import cannot be read (corrupt, truncated, not the format it claims to be, or holding
/// something Tessera cannot represent). The repository is unchanged when this is thrown.
/// </summary>
public sealed class InvalidFileException : TesseraException
{
    public InvalidFileException(string message, Exception? inner = null)
        : base(ErrorCode.InvalidArgument, message, inner)
    {
    }

    /// <summary>
    /// Wraps a codec's own exception, naming the file and what to do: a CSV error says where and what (a value that
    /// does not fit its column's type, say); damaged binary data is most often a file cut short.
    /// </summary>
    internal static InvalidFileException Unreadable(string file, string format, Exception inner) =>
        inner is Parquet.ParquetFormatException { ExceededLimit: { } limit }
            ? new($"{Path.GetFileName(file)} was not imported: {inner.Message.TrimEnd('.')}. The file may be sound and only larger than this limit: "
                + $"raise it with {LimitFlags[limit]} (ImportOptions.ParquetLimits.{limit}), if the machine has the memory.", inner)
            : new($"{Path.GetFileName(file)} is not a readable {format} file: {inner.Message.TrimEnd('.')}. Nothing was imported"
                + (inner is Csv.CsvFormatException ? "." : "; check that the file is complete (copy or export it again)."), inner);

    /// <summary>The CLI flag that raises each reader limit.</summary>
    private static readonly Dictionary<string, string> LimitFlags = new()
    {
        [nameof(Parquet.Reading.ParquetReaderOptions.MaxPageBytes)] = "--max-page-mib",
        [nameof(Parquet.Reading.ParquetReaderOptions.MaxRowGroupBytes)] = "--max-row-group-mib",
    };
}
