using System.Text.Json;
using Tessera.Formats.Mapping;

namespace Tessera.Files;

/// <summary>The JSON shapes of <c>import files</c> and <c>export files</c> (docs/cli-json.schema.json).</summary>
public static class FilesJson
{
    /// <summary><c>{format, file, into, files, staged, unchanged, removed, bytes, columns, columnsCreated, classes, skipped}</c>: file is the folder's name.</summary>
    public static void WriteImport(Utf8JsonWriter w, FilesImportResult result)
    {
        w.WriteStartObject();
        w.WriteString("format", "files");
        w.WriteString("file", MappingJson.FolderName(result.Directory));
        w.WriteString("into", result.Into);
        w.WriteNumber("files", result.Files);
        w.WriteNumber("staged", result.Staged);
        w.WriteNumber("unchanged", result.Unchanged);
        w.WriteNumber("removed", result.Removed);
        w.WriteNumber("bytes", result.Bytes);
        MappingJson.WriteStrings(w, "columns", result.Columns);
        MappingJson.WriteStrings(w, "columnsCreated", result.ColumnsCreated);
        MappingJson.WriteStrings(w, "classes", result.Classes);
        w.WriteStartArray("skipped");
        foreach (var bad in result.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("path", bad.Path);
            w.WriteString("reason", bad.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>{format, path, file, commit, files, bytes}</c>: file is the folder's name.</summary>
    public static void WriteExport(Utf8JsonWriter w, FilesExportResult result)
    {
        w.WriteStartObject();
        w.WriteString("format", "files");
        w.WriteString("path", result.Path);
        w.WriteString("file", MappingJson.FolderName(result.Directory));
        w.WriteString("commit", result.Commit);
        w.WriteNumber("files", result.Files);
        w.WriteNumber("bytes", result.Bytes);
        w.WriteEndObject();
    }
}
