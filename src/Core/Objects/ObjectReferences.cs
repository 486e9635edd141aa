using Tessera.Objects;

namespace Tessera;

/// <summary>
/// What a verified object names: the pages it needs (each of the shape it must have), the stored
/// samples, and the commits (a commit's parents, a link's commit). A receiver stores an object
/// only once all of them are present.
/// </summary>
public sealed class ObjectReferences
{
    internal static readonly ObjectReferences None = new([], [], []);

    internal ObjectReferences(IReadOnlyList<PageReference> pages, IReadOnlyList<ObjectId> blobs, IReadOnlyList<ObjectId> commits)
    {
        this.PageShapes = pages;
        this.Pages = pages.Select(p => p.Id).ToList();
        this.Blobs = blobs;
        this.Commits = commits;
    }

    /// <summary>The pages the object names (a commit its tree, a tree its bases and deltas, an inner page its children).</summary>
    public IReadOnlyList<ObjectId> Pages { get; }

    /// <summary>The stored samples a manifest page names (inline samples are part of the page).</summary>
    public IReadOnlyList<ObjectId> Blobs { get; }

    /// <summary>The commits the object names: a commit's parents, a git link's commit.</summary>
    public IReadOnlyList<ObjectId> Commits { get; }

    /// <summary>The pages with the shape each must have (checked when the object is stored).</summary>
    internal IReadOnlyList<PageReference> PageShapes { get; }
}
