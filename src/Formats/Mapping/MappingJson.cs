using System.Text.Json;
using Tessera.Formats.Hdf5;
using Tessera.Formats.Zarr;

namespace Tessera.Formats.Mapping;

/// <summary>The JSON shapes of import and export results (docs/cli-json.schema.json), shared by every front end.</summary>
public static class MappingJson
{
    /// <summary><c>{format, file, into, rows, samples, bytes, columns, columnsCreated}</c>.</summary>
    public static void WriteImport(Utf8JsonWriter w, ImportResult result)
    {
        w.WriteStartObject();
        w.WriteString("format", result.Format);
        w.WriteString("file", result.File);
        w.WriteString("into", result.Into);
        w.WriteNumber("rows", result.Rows);
        w.WriteNumber("samples", result.Samples);
        w.WriteNumber("staged", result.Staged);
        w.WriteNumber("bytes", result.Bytes);
        WriteStrings(w, "columns", result.Columns);
        WriteStrings(w, "columnsCreated", result.ColumnsCreated);
        w.WriteEndObject();
    }

    /// <summary><c>{format, path, file, commit, rows, samples, bytes, columns}</c>.</summary>
    public static void WriteExport(Utf8JsonWriter w, ExportResult result)
    {
        w.WriteStartObject();
        w.WriteString("format", result.Format);
        w.WriteString("path", result.Path);
        w.WriteString("file", result.File);
        w.WriteString("commit", result.Commit);
        w.WriteNumber("rows", result.Rows);
        w.WriteNumber("samples", result.Samples);
        w.WriteNumber("bytes", result.Bytes);
        WriteStrings(w, "columns", result.Columns);
        w.WriteEndObject();
    }

    /// <summary><c>{format, file, into, groups, arrays, chunks, bytes}</c>: file is the store's folder name, as a file import gives the file's.</summary>
    public static void WriteZarrImport(Utf8JsonWriter w, ZarrImportResult result)
    {
        w.WriteStartObject();
        w.WriteString("format", "zarr");
        w.WriteString("file", FolderName(result.Directory));
        w.WriteString("into", result.Into);
        WriteZarrCounts(w, result.Groups, result.Arrays, result.Chunks, result.Bytes);
        w.WriteEndObject();
    }

    /// <summary><c>{format, path, file, commit, groups, arrays, chunks, bytes, skippedColumns}</c>: file is the store's folder name.</summary>
    public static void WriteZarrExport(Utf8JsonWriter w, ZarrExportResult result)
    {
        w.WriteStartObject();
        w.WriteString("format", "zarr");
        w.WriteString("path", result.Path);
        w.WriteString("file", FolderName(result.Directory));
        w.WriteString("commit", result.Commit);
        WriteZarrCounts(w, result.Groups, result.Arrays, result.Chunks, result.Bytes);
        WriteStrings(w, "skippedColumns", result.SkippedColumns);
        w.WriteEndObject();
    }

    /// <summary><c>{format, file, into, groups, arrays, columns, bytes}</c>.</summary>
    public static void WriteHdf5Import(Utf8JsonWriter w, Hdf5ImportResult result)
    {
        w.WriteStartObject();
        w.WriteString("format", "hdf5");
        w.WriteString("file", result.File);
        w.WriteString("into", result.Into);
        WriteHdf5Counts(w, result.Groups, result.Arrays, result.Columns, result.Bytes);
        w.WriteEndObject();
    }

    /// <summary><c>{format, path, file, commit, groups, arrays, columns, bytes, skippedColumns}</c>.</summary>
    public static void WriteHdf5Export(Utf8JsonWriter w, Hdf5ExportResult result)
    {
        w.WriteStartObject();
        w.WriteString("format", "hdf5");
        w.WriteString("path", result.Path);
        w.WriteString("file", result.File);
        w.WriteString("commit", result.Commit);
        WriteHdf5Counts(w, result.Groups, result.Arrays, result.Columns, result.Bytes);
        WriteStrings(w, "skippedColumns", result.SkippedColumns);
        w.WriteEndObject();
    }

    private static void WriteHdf5Counts(Utf8JsonWriter w, long groups, long arrays, long columns, long bytes)
    {
        w.WriteNumber("groups", groups);
        w.WriteNumber("arrays", arrays);
        w.WriteNumber("columns", columns);
        w.WriteNumber("bytes", bytes);
    }

    private static void WriteZarrCounts(Utf8JsonWriter w, long groups, long arrays, long chunks, long bytes)
    {
        w.WriteNumber("groups", groups);
        w.WriteNumber("arrays", arrays);
        w.WriteNumber("chunks", chunks);
        w.WriteNumber("bytes", bytes);
    }

    /// <summary>The name an export or import of a folder (a Zarr store, a folder of files) gives as its <c>file</c>.</summary>
    public static string FolderName(string directory) => Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));

    /// <summary>An array of strings under <paramref name="name"/>.</summary>
    public static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteStringValue(value);
        w.WriteEndArray();
    }
}
