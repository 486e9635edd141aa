using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{id, path, kind, count, schema, array, attrs}</c>: kind is <c>group</c>, <c>column</c> (with
    /// <c>schema</c>) or <c>array</c> (with <c>array</c>); <c>schema</c>, <c>array</c> and <c>attrs</c> are
    /// the tree page's objects (format.md 5.4, 5.5). An array's count is its stored chunks.
    /// </summary>
    public static void WriteNode(Utf8JsonWriter w, NodeInfo node)
    {
        w.WriteStartObject();
        w.WriteString("id", node.Id);
        w.WriteString("path", node.Path);
        w.WriteString("kind", node.Kind.Name());
        w.WriteNumber("count", node.Count);
        if (node.Schema is { } schema)
            WriteColumnSchema(w, schema);
        if (node.Array is { } array)
            WriteArraySchema(w, array);
        w.WritePropertyName("attrs");
        CanonicalJson.Write(w, node.Attributes);
        w.WriteEndObject();
    }

    /// <summary>A column's <c>schema: {kind, dtype, shape, variable, layout, compression}</c> (dtype only for ndarrays), as the tree page holds it.</summary>
    internal static void WriteColumnSchema(Utf8JsonWriter w, ColumnSchema s)
    {
        w.WriteStartObject("schema");
        w.WriteString("kind", s.Kind.Name());
        if (s.DType is { } dt)
            w.WriteString("dtype", dt.Name());
        w.WriteStartArray("shape");
        foreach (int d in s.Shape)
            w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteBoolean("variable", s.VariableShape);
        w.WriteString("layout", s.Layout == ColumnLayout.Nested ? "nested" : "flat");
        w.WriteString("compression", s.Compression.ToString().ToLowerInvariant());
        w.WriteEndObject();
    }

    /// <summary>An array's <c>array: {dtype, shape, chunks, fill, compression}</c>, fill as text (a number, nan, inf, -inf), as the tree page holds it.</summary>
    internal static void WriteArraySchema(Utf8JsonWriter w, ArraySchema a)
    {
        w.WriteStartObject("array");
        w.WriteString("dtype", a.DType.Name());
        w.WriteStartArray("shape");
        foreach (long d in a.Shape)
            w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteStartArray("chunks");
        foreach (int c in a.Chunks)
            w.WriteNumberValue(c);
        w.WriteEndArray();
        w.WriteString("fill", ArraySchema.FormatFill(a.FillValue));
        w.WriteString("compression", a.Compression.ToString().ToLowerInvariant());
        w.WriteEndObject();
    }

    /// <summary><c>{commit, nodes}</c>: commit is the snapshot's id (null for the staging area), nodes as <see cref="WriteNode"/>.</summary>
    public static void WriteTree(Utf8JsonWriter w, Commit? commit, IEnumerable<NodeInfo> nodes)
    {
        w.WriteStartObject();
        if (commit is null)
            w.WriteNull("commit");
        else
            w.WriteString("commit", commit.Id.ToString());
        w.WriteStartArray("nodes");
        foreach (var node in nodes.OrderBy(n => n.Path, StringComparer.Ordinal))
            WriteNode(w, node);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>{commit, nodes, samples, disk: {databaseBytes, packBytes, packs, blobs, totalBytes}}</c>.</summary>
    public static void WriteSummary(Utf8JsonWriter w, Summary summary)
    {
        w.WriteStartObject();
        w.WritePropertyName("commit");
        WriteCommit(w, summary.Commit);
        w.WriteStartArray("nodes");
        foreach (var node in summary.Nodes.OrderBy(n => n.Path, StringComparer.Ordinal))
            WriteNode(w, node);
        w.WriteEndArray();
        w.WriteNumber("samples", summary.Samples);
        w.WriteStartObject("disk");
        w.WriteNumber("databaseBytes", summary.Disk.DatabaseBytes);
        w.WriteNumber("packBytes", summary.Disk.PackBytes);
        w.WriteNumber("packs", summary.Disk.Packs);
        w.WriteNumber("blobs", summary.Disk.Blobs);
        w.WriteNumber("totalBytes", summary.Disk.TotalBytes);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
