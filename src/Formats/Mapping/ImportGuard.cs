using Tessera.Formats.Csv;
using Tessera.Formats.NumPy;
using Tessera.Formats.Parquet;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Makes an import all or nothing, across crashes too: it runs as one staged operation
/// (<see cref="WriteCheckout.BeginOperation"/>), so its samples are staged only when it completes;
/// a failure, or a crash of the process, leaves the staging area as it was before. Codec
/// exceptions become <see cref="InvalidFileException"/>s naming the file.
/// </summary>
internal static class ImportGuard
{
    public static ImportResult Run(WriteCheckout writer, string file, string format, Func<ImportResult> import)
    {
        using var operation = writer.BeginOperation($"import {format} {Path.GetFileName(file)}");
        try
        {
            long before = writer.KeysStaged;
            var result = import() with { Staged = writer.KeysStaged - before };
            operation.Complete();
            return result;
        }
        catch (Exception e) when (e is ParquetFormatException or NpyFormatException or CsvFormatException or EndOfStreamException or InvalidDataException)
        {
            throw InvalidFileException.Unreadable(file, format, e);
        }
    }
}
