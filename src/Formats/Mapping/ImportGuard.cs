using Tessera.Formats.Csv;
using Tessera.Formats.NumPy;
using Tessera.Formats.Parquet;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Makes an import all or nothing. An import starts only from a clean staging area, so that on any
/// failure <see cref="WriteCheckout.Reset"/> can discard exactly what the import staged, and nothing
/// of the user's. Codec exceptions become <see cref="InvalidFileException"/>s naming the file.
/// </summary>
internal static class ImportGuard
{
    public static ImportResult Run(WriteCheckout writer, string file, string format, Func<ImportResult> import)
    {
        if (writer.HasStagedChanges)
        {
            throw new StateException(ErrorCode.StagedChanges,
                "Changes are already staged. An import starts from a clean staging area so that a failed import can be undone without touching your changes: "
                + "commit them ('dotnet tensor commit -m MESSAGE') or discard them ('dotnet tensor reset'), then import again.");
        }
        try
        {
            return import();
        }
        catch (Exception e) when (e is ParquetFormatException or NpyFormatException or CsvFormatException or EndOfStreamException or InvalidDataException)
        {
            writer.Reset();
            throw InvalidFileException.Unreadable(file, format, e);
        }
        catch
        {
            writer.Reset();
            throw;
        }
    }
}
