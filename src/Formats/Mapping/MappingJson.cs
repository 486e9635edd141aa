using System.Text.Json;

namespace Tessera.Formats.Mapping;

/// <summary>The JSON shapes of import and export results, shared by every front end.</summary>
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

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteStringValue(value);
        w.WriteEndArray();
    }
}
