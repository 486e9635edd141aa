using System.Text.Json.Nodes;

namespace Tessera;

/// <summary>A node as a checkout shows it: path, kind, schema, sample count and attributes.</summary>
/// <remarks>For an array, <see cref="Count"/> is the number of stored chunks and <see cref="Array"/> its schema.</remarks>
public sealed record NodeInfo
{
    private readonly Lazy<long> count;

    private NodeInfo(NodeRecord node, Func<long> count)
    {
        this.Path = node.Path;
        this.Kind = node.Kind;
        this.Schema = node.Schema;
        this.Attributes = CanonicalJson.ParseObject(node.Attributes);
        this.Array = node.Array;
        this.Id = node.Id;
        this.count = new Lazy<long>(count);
    }

    public string Path { get; }

    public NodeKind Kind { get; }

    public ColumnSchema? Schema { get; }

    /// <summary>
    /// Samples (stored chunks of an array), counted when first read: with changes staged, counting
    /// is a pass over them, which listing the tree to find one group's columns must not pay for
    /// every other node (an export beside a large staged import).
    /// </summary>
    public long Count => this.count.Value;

    public JsonObject Attributes { get; }

    public ArraySchema? Array { get; }

    /// <summary>The node's id (16 hex digits): random at creation, kept by moves (format.md 5.4).</summary>
    public string Id { get; }

    internal static NodeInfo From(NodeRecord node, long count) => new(node, () => count);

    internal static NodeInfo From(NodeRecord node, Func<long> count) => new(node, count);
}
