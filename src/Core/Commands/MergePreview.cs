namespace Tessera;

/// <summary>What merging one revision into another would conflict on, computed without staging anything.</summary>
public static class MergePreview
{
    /// <summary>
    /// The conflicts a three-way merge of <paramref name="theirs"/> into <paramref name="ours"/> would
    /// report (none for a fast-forward). Compares content ids only; reads no sample bytes.
    /// </summary>
    public static IReadOnlyList<Conflict> Conflicts(Repository repo, string ours, string theirs)
    {
        var a = repo.Lookup(ours);
        var b = repo.Lookup(theirs);
        if (repo.Commits.IsAncestor(ours, theirs) || repo.Commits.IsAncestor(theirs, ours))
            return [];
        var mergeBase = repo.Commits.MergeBase(ours, theirs);
        var ourTree = repo.LoadTree(a);
        var theirTree = repo.LoadTree(b);
        var plan = MergeEngine.Plan(repo.Manifests, repo.LoadTree(mergeBase), ourTree, theirTree, repo.Blobs.SameSample);
        return plan.Conflicts
            .Select(c => new Conflict(
                ourTree.FindById(c.Node)?.Path ?? theirTree.FindById(c.Node)?.Path ?? "?",
                ConflictDescriber.FormatKey(c), c.Kind, c.Base, c.Ours, c.Theirs))
            .OrderBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
    }
}
