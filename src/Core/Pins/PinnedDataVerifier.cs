using System.Collections.Concurrent;
using Tessera.Manifests;

namespace Tessera.Pins;

/// <summary>
/// Re-hashes what a pin reads, and only that: the commit record, its tree, the manifest pages of the
/// selected nodes and every sample or chunk they name. Cheaper than a whole-repository verify.
/// </summary>
internal static class PinnedDataVerifier
{
    public static IEnumerable<PinDiagnostic> Check(DatasetPin pin, Repository repo, Commit commit, IReadOnlyList<PinnedNode> nodes)
    {
        var problems = new ConcurrentBag<string>();
        var blobs = new List<ObjectId>();
        try
        {
            foreach (var node in Records(repo, commit, nodes))
            {
                foreach (var page in repo.Manifests.AllPages(node.Manifest))
                    repo.Pages.Raw(page);
                blobs.AddRange(repo.Manifests.Enumerate(node.Manifest).Select(e => SampleRun.StoredObject(e.Value)).OfType<ObjectId>());
            }
        }
        catch (TesseraException ex)
        {
            problems.Add(ex.Message);
        }
        Parallel.ForEach(blobs.Distinct(), id =>
        {
            try
            {
                if (!repo.Index.TryGet(id, out var loc))
                    problems.Add($"sample {id.ToShortString()} is not in the repository");
                else if (!repo.Blobs.HashMatches(id, loc))
                    problems.Add($"sample {id.ToShortString()} does not hash to its id");
            }
            catch (TesseraException ex)
            {
                problems.Add(ex.Message);
            }
        });
        if (problems.IsEmpty)
            yield break;
        yield return PinDiagnostic.Error(PinCodes.CorruptData,
            $"Dataset '{pin.Name}': the data of commit {commit.ShortId} is damaged ({problems.Count} problem(s); first: {problems.Order(StringComparer.Ordinal).First()}). " +
            "Verify the repository for the full list, and restore it from a good copy.").With(ErrorDetail.Repository, repo.Root);
    }

    /// <summary>The node records of the selected nodes, read from the commit's tree (which checks its hash).</summary>
    internal static IEnumerable<NodeRecord> Records(Repository repo, Commit commit, IReadOnlyList<PinnedNode> nodes)
    {
        var tree = repo.LoadTree(commit);
        return nodes.Select(n => tree.Get(n.Path));
    }
}
