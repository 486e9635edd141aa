using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{path, kind, dtype, shape, count, columnKind, variableShape, layout, attributes}</c>: kind is
    /// <c>group</c>, <c>column</c> or <c>array</c>; dtype and shape are null for groups and str/bytes
    /// columns. An array adds <c>chunks</c>, <c>fill</c> and <c>compression</c>; its count is its stored chunks.
    /// </summary>
    public static void WriteNode(Utf8JsonWriter w, NodeInfo node)
    {
        w.WriteStartObject();
        w.WriteString("path", node.Path);
        w.WriteString("kind", node.Kind.Name());
        var schema = node.Schema;
        if ((schema?.DType ?? node.Array?.DType) is { } dtype)
            w.WriteString("dtype", dtype.Name());
        else
            w.WriteNull("dtype");
        if (schema is { Kind: ColumnKind.NDArray })
        {
            w.WriteStartArray("shape");
            foreach (int d in schema.Shape)
                w.WriteNumberValue(d);
            w.WriteEndArray();
        }
        else if (node.Array is { } arraySchema)
        {
            w.WriteStartArray("shape");
            foreach (long d in arraySchema.Shape)
                w.WriteNumberValue(d);
            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("shape");
        }
        w.WriteNumber("count", node.Count);
        if (node.Array is { } array)
            WriteArraySchema(w, array);
        if (schema is not null)
        {
            w.WriteString("columnKind", schema.Kind.Name());
            w.WriteBoolean("variableShape", schema.Kind == ColumnKind.NDArray && schema.VariableShape);
            w.WriteString("layout", schema.Layout == ColumnLayout.Nested ? "nested" : "flat");
        }
        w.WritePropertyName("attributes");
        CanonicalJson.Write(w, node.Attributes);
        w.WriteEndObject();
    }

    /// <summary>An array's <c>chunks</c>, <c>fill</c> (a number, or "nan", "inf", "-inf") and <c>compression</c>.</summary>
    private static void WriteArraySchema(Utf8JsonWriter w, ArraySchema array)
    {
        w.WriteStartArray("chunks");
        foreach (int c in array.Chunks)
            w.WriteNumberValue(c);
        w.WriteEndArray();
        if (double.IsFinite(array.FillValue))
            w.WriteNumber("fill", array.FillValue);
        else
            w.WriteString("fill", ArraySchema.FormatFill(array.FillValue));
        w.WriteString("compression", array.Compression.ToString().ToLowerInvariant());
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
