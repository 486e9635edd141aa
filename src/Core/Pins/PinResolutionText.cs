using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tessera.Pins;

/// <summary>
/// A <see cref="PinResolution"/> as text, commit record included, so a resolution computed in one
/// build process can be handed to another (the MSBuild tasks resolve a pin once per build, on
/// whichever build node, and pass the result to every project that pins it). Not a stored format:
/// both ends are the same build of Tessera. The pin itself is not carried; the reader supplies its own.
/// </summary>
public static class PinResolutionText
{
    public static string Write(PinResolution resolution)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("repository", resolution.RepositoryPath);
            if (resolution.Commit is { } commit)
                WriteCommit(w, commit);
            w.WriteStartArray("nodes");
            foreach (var node in resolution.Nodes)
                WriteNode(w, node);
            w.WriteEndArray();
            if (resolution.CommitsBehind is { } behind)
                w.WriteNumber("behind", behind);
            w.WriteStartArray("diagnostics");
            foreach (var d in resolution.Diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("code", d.Code);
                w.WriteNumber("severity", (int)d.Severity);
                w.WriteString("message", d.Message);
                w.WriteStartObject("details");
                foreach (var (detail, value) in d.Details)
                    w.WriteString(detail.ToString(), value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The resolution <paramref name="text"/> holds, as a resolution of <paramref name="pin"/>.</summary>
    public static PinResolution Read(string text, DatasetPin pin)
    {
        using var doc = JsonDocument.Parse(text);
        var r = doc.RootElement;
        var commit = r.TryGetProperty("commit", out var c) ? ReadCommit(c) : null;
        var nodes = r.GetProperty("nodes").EnumerateArray().Select(ReadNode).ToList();
        int? behind = r.TryGetProperty("behind", out var b) ? b.GetInt32() : null;
        var diagnostics = r.GetProperty("diagnostics").EnumerateArray()
            .Select(ReadDiagnostic)
            .ToList();
        return new PinResolution(pin, r.GetProperty("repository").GetString()!, commit, nodes, behind, diagnostics);
    }

    private static PinDiagnostic ReadDiagnostic(JsonElement d) =>
        d.GetProperty("details").EnumerateObject().Aggregate(
            new PinDiagnostic(d.GetProperty("code").GetString()!, (PinSeverity)d.GetProperty("severity").GetInt32(), d.GetProperty("message").GetString()!),
            (finding, detail) => finding.With(Enum.Parse<ErrorDetail>(detail.Name), detail.Value.GetString()!));

    private static void WriteCommit(Utf8JsonWriter w, Commit commit)
    {
        w.WriteStartObject("commit");
        w.WriteString("id", commit.Id.ToString());
        w.WriteString("tree", commit.Tree.ToString());
        w.WriteStartArray("parents");
        foreach (var parent in commit.Parents)
            w.WriteStringValue(parent.ToString());
        w.WriteEndArray();
        w.WriteString("author", commit.Author.Name);
        w.WriteString("email", commit.Author.Email);
        w.WriteString("when", commit.Author.When.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("message", commit.Message);
        w.WriteEndObject();
    }

    private static Commit ReadCommit(JsonElement c) => new(
        ObjectId.Parse(c.GetProperty("id").GetString()!),
        ObjectId.Parse(c.GetProperty("tree").GetString()!),
        c.GetProperty("parents").EnumerateArray().Select(p => ObjectId.Parse(p.GetString()!)).ToArray(),
        new Signature(c.GetProperty("author").GetString()!, c.GetProperty("email").GetString()!,
            DateTimeOffset.Parse(c.GetProperty("when").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
        c.GetProperty("message").GetString()!);

    private static void WriteNode(Utf8JsonWriter w, PinnedNode node)
    {
        w.WriteStartObject();
        w.WriteString("path", node.Path);
        w.WriteNumber("kind", (int)node.Kind);
        if (node.SampleKind is { } sampleKind)
            w.WriteNumber("sampleKind", (int)sampleKind);
        if (node.DType is { } dtype)
            w.WriteNumber("dtype", (int)dtype);
        w.WriteStartArray("shape");
        foreach (var dim in node.Shape)
            w.WriteNumberValue(dim);
        w.WriteEndArray();
        w.WriteBoolean("variableShape", node.VariableShape);
        w.WriteNumber("count", node.Count);
        w.WriteEndObject();
    }

    private static PinnedNode ReadNode(JsonElement n) => new(
        n.GetProperty("path").GetString()!,
        (NodeKind)n.GetProperty("kind").GetInt32(),
        n.TryGetProperty("sampleKind", out var kind) ? (ColumnKind)kind.GetInt32() : null,
        n.TryGetProperty("dtype", out var dtype) ? (DType)dtype.GetInt32() : null,
        n.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToList(),
        n.GetProperty("variableShape").GetBoolean(),
        n.GetProperty("count").GetInt64());
}
