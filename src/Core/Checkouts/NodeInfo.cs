using System.Text.Json.Nodes;

namespace Tessera;

/// <summary>A node as a checkout shows it: path, kind, schema, sample count and attributes.</summary>
public sealed record NodeInfo(string Path, NodeKind Kind, ColumnSchema? Schema, long Count, JsonObject Attributes)
{
    internal static NodeInfo From(NodeRecord node, long count) =>
        new(node.Path, node.Kind, node.Schema, count, CanonicalJson.ParseObject(node.Attributes));
}
