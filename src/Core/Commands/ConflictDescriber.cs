using Tessera.Manifests;
using Tessera.Staging;

namespace Tessera;

/// <summary>
/// Turns stored conflict records (node ids, encoded keys) into the <see cref="Conflict"/>s users
/// see (paths, display keys). Shared by the write checkout and the lock-free <see cref="StagedView"/>.
/// </summary>
internal static class ConflictDescriber
{
    public static List<Conflict> Describe(Repository repo, StagingArea staging)
    {
        if (staging.Conflicts.Count == 0)
            return [];
        var theirTree = TheirTree(repo, staging);
        return staging.Conflicts
            .Select(c => new Conflict(PathOf(staging, c.Node, theirTree), c.Key.Length == 0 ? null : FormatKey(c), c.Kind, c.Base, c.Ours, c.Theirs))
            .OrderBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
    }

    public static NodeTree TheirTree(Repository repo, StagingArea staging) =>
        repo.LoadTree(repo.CommitStore.Get(staging.MergeHead!.Value));

    /// <summary>A conflicted node's path: ours when we still have it, else theirs, else the base's.</summary>
    public static string PathOf(StagingArea staging, string nodeId, NodeTree theirTree) =>
        staging.Tree.FindById(nodeId)?.Path ?? theirTree.FindById(nodeId)?.Path ?? staging.BaseTree.FindById(nodeId)?.Path ?? "?";

    public static string? FormatKey(ConflictRecord c) => c.Key.Length == 0 ? null
        : c.Kind == ConflictKind.Attribute ? System.Text.Encoding.UTF8.GetString(c.Key) : Keys.Format(c.Key);
}
