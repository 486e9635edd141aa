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
        new($"{Path.GetFileName(file)} is not a readable {format} file: {inner.Message.TrimEnd('.')}. Nothing was imported"
            + (inner is Csv.CsvFormatException ? "." : "; check that the file is complete (copy or export it again)."), inner);
}
