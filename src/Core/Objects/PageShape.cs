using Tessera.Manifests;

namespace Tessera.Objects;

/// <summary>A page an object names, and the shape that page must have.</summary>
internal readonly record struct PageReference(ObjectId Id, PageShape Shape);

/// <summary>
/// The kind of page a reference may name: a commit names a tree; a tree names the inner page at
/// the root of each base and delta pages; an inner page of level 1 names leaves, of level n inner
/// pages of level n - 1.
/// </summary>
internal readonly record struct PageShape(byte Type, byte Level)
{
    public static readonly PageShape Tree = new(NodeTree.Type, 0);
    public static readonly PageShape Delta = new(EntryPage.DeltaType, 0);
    public static readonly PageShape Leaf = new(EntryPage.LeafType, 0);

    /// <summary>The root of a base: an inner page of any level.</summary>
    public static readonly PageShape BaseRoot = new(InternalPage.Type, 0);

    public static PageShape Inner(byte level) => new(InternalPage.Type, level);

    /// <summary>True when <paramref name="page"/> (a page's bytes) has this shape.</summary>
    public bool Matches(ReadOnlySpan<byte> page) =>
        page.Length >= 2 && page[0] == this.Type && (this.Level == 0 || page[1] == this.Level);

    public override string ToString() => this.Type switch
    {
        NodeTree.Type => "a tree page",
        EntryPage.DeltaType => "a delta page",
        EntryPage.LeafType => "a leaf page",
        _ => this.Level == 0 ? "an inner page" : $"an inner page of level {this.Level}",
    };
}
