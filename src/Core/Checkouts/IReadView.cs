using System.Text.Json.Nodes;

namespace Tessera;

/// <summary>
/// What read commands read: the dataset at a commit (<see cref="ReadCheckout"/>) or the staging area
/// (<see cref="StagedView"/>), by default the staging area, as git reads the working tree unless given a revision.
/// </summary>
public interface IReadView
{
    /// <summary>The commit read; null when this is the staging area.</summary>
    Commit? Commit { get; }

    /// <summary>The repository read.</summary>
    Repository Repository { get; }

    IReadOnlyList<NodeInfo> Nodes { get; }

    NodeInfo Node(string path);

    ColumnSnapshot Column(string path);

    ArrayReader Array(string path);

    /// <summary>An array's stored chunks (those not all fill value) as grid coordinates in C order, reading no chunk bytes.</summary>
    IEnumerable<long[]> StoredChunks(string path);

    JsonObject Attributes(string path);

    /// <summary>The commit <paramref name="revision"/> names, or the staging area when it is null.</summary>
    static IReadView Open(Repository repo, string? revision) =>
        revision is null ? StagedView.Open(repo) : repo.Checkout(revision);

    /// <summary>
    /// As <see cref="Open"/>, but a staging area with nothing staged is read as its base commit, which
    /// it equals: what an export writes then names the commit it holds, not "the staging area".
    /// </summary>
    static IReadView OpenSettled(Repository repo, string? revision)
    {
        var view = Open(repo, revision);
        return view is StagedView { HasStagedChanges: false, BaseCommit: { } commit } ? new ReadCheckout(repo, commit) : view;
    }
}
