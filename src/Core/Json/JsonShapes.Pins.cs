using System.Text.Json;
using Tessera.Pins;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{name, repository, commit, branch, columns, behind, diagnostics: [{code, severity, message}]}</c>:
    /// <c>commit</c> is the full id (null when it did not resolve), <c>behind</c> the commits its branch moved on (null without a branch).
    /// </summary>
    public static void WritePinResolution(Utf8JsonWriter w, PinResolution resolution)
    {
        w.WriteStartObject();
        w.WriteString("name", resolution.Pin.Name);
        w.WriteString("repository", resolution.RepositoryPath);
        WriteNullableString(w, "commit", resolution.Commit?.Id.ToString());
        WriteNullableString(w, "branch", resolution.Pin.Branch);
        w.WriteStartArray("columns");
        foreach (var node in resolution.Nodes)
            w.WriteStringValue(node.Path);
        w.WriteEndArray();
        if (resolution.CommitsBehind is { } behind)
            w.WriteNumber("behind", behind);
        else
            w.WriteNull("behind");
        w.WriteStartArray("diagnostics");
        foreach (var d in resolution.Diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("code", d.Code);
            w.WriteString("severity", d.IsError ? "error" : "warning");
            w.WriteString("message", d.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>{project, ok, pins}</c>: <c>pin --check</c>'s verdict on a project file, each pin as <see cref="WritePinResolution"/>.</summary>
    public static void WritePinCheck(Utf8JsonWriter w, string project, bool ok, IEnumerable<PinResolution> pins)
    {
        w.WriteStartObject();
        w.WriteString("project", project);
        w.WriteBoolean("ok", ok);
        w.WriteStartArray("pins");
        foreach (var resolution in pins)
            WritePinResolution(w, resolution);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>{project, git, pins}</c>: what a project file pinned at a git commit, each pin as <see cref="WriteProjectPin"/>.</summary>
    public static void WriteProjectPins(Utf8JsonWriter w, string project, string git, IEnumerable<(DatasetPin Pin, ObjectId? Resolved)> pins)
    {
        w.WriteStartObject();
        w.WriteString("project", project);
        w.WriteString("git", git);
        w.WriteStartArray("pins");
        foreach (var (pin, resolved) in pins)
            WriteProjectPin(w, pin, resolved);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A pin as a project file wrote it: <c>{name, repository, commit, branch, columns, resolved}</c>; <c>resolved</c> is the full id, or null when the repository or commit is not here.</summary>
    public static void WriteProjectPin(Utf8JsonWriter w, DatasetPin pin, ObjectId? resolved)
    {
        w.WriteStartObject();
        w.WriteString("name", pin.Name);
        WriteNullableString(w, "repository", pin.Repository);
        WriteNullableString(w, "commit", pin.Commit);
        WriteNullableString(w, "branch", pin.Branch);
        w.WriteStartArray("columns");
        foreach (var column in pin.Columns)
            w.WriteStringValue(column);
        w.WriteEndArray();
        WriteNullableString(w, "resolved", resolved?.ToString());
        w.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
            w.WriteNull(name);
        else
            w.WriteString(name, value);
    }
}
