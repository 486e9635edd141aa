using System.Text.Json.Nodes;

namespace Tessera;

/// <summary>A node as a checkout shows it: path, kind, schema, sample count and attributes.</summary>
/// <remarks>For an array, <see cref="Count"/> is the number of stored chunks and <see cref="Array"/> its schema.</remarks>
public sealed record NodeInfo(string Path, NodeKind Kind, ColumnSchema? Schema, long Count, JsonObject Attributes)
{
    public ArraySchema? Array { get; init; }

    /// <summary>The node's id (16 hex digits): random at creation, kept by moves (format.md 5.4).</summary>
    public string Id { get; init; } = "";

    internal static NodeInfo From(NodeRecord node, long count) =>
        new(node.Path, node.Kind, node.Schema, count, CanonicalJson.ParseObject(node.Attributes)) { Array = node.Array, Id = node.Id };
}
