using System.Collections.Concurrent;
using Tessera.History;

namespace Tessera;

/// <summary>One problem verify found.</summary>
/// <param name="Kind">commit, page, blob or ref.</param>
/// <param name="Id">The object's id.</param>
/// <param name="Where">Where it is stored (pack file and offset, or table).</param>
public sealed record VerifyProblem(string Kind, string Id, string Where, string Message);

/// <summary>What verify checked and what it found.</summary>
public sealed record VerifyResult(long Commits, long Pages, long Blobs, long BlobBytes, IReadOnlyList<VerifyProblem> Problems)
{
    public bool IsOk => this.Problems.Count == 0;
}

/// <summary>Re-hashes every commit, page and blob (blobs in parallel) and checks that history is complete.</summary>
internal static class Verifier
{
    public static VerifyResult Run(Repository repo, IProgress<double>? progress)
    {
        var problems = new ConcurrentBag<VerifyProblem>();
        long commits = 0;
        foreach (var (id, data) in repo.CommitStore.Raw())
        {
            commits++;
            if (ObjectId.Hash(data) != id)
                problems.Add(new VerifyProblem("commit", id.ToString(), "commits table", "its bytes do not hash to its id"));
        }
        var pages = repo.Pages.List();
        foreach (var (id, _) in pages)
        {
            try
            {
                repo.Pages.Raw(id);
            }
            catch (TesseraException ex)
            {
                problems.Add(new VerifyProblem("page", id.ToString(), "pages table", ex.Message));
            }
        }
        foreach (var (name, target) in repo.Refs.List(RefKind.Branch).Concat(repo.Refs.List(RefKind.Tag)))
        {
            if (repo.CommitStore.TryGet(target) is null)
                problems.Add(new VerifyProblem("ref", name, "refs table", $"points to missing commit {target.ToShortString()}"));
        }
        foreach (var problem in RefLogCheck.Run(repo))
            problems.Add(problem);

        var blobs = repo.Index.Snapshot();
        long done = 0, bytes = 0;
        Parallel.ForEach(blobs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, entry =>
        {
            var (id, loc) = entry;
            string where = $"{repo.PackStore.PathOf(loc.Pack)} @ {loc.Offset}";
            try
            {
                if (!repo.Blobs.HashMatches(id, loc))
                    problems.Add(new VerifyProblem("blob", id.ToString(), where, "its bytes do not hash to its id"));
            }
            catch (TesseraException ex)
            {
                problems.Add(new VerifyProblem("blob", id.ToString(), where, ex.Message));
            }
            Interlocked.Add(ref bytes, loc.Length);
            long n = Interlocked.Increment(ref done);
            if (n % 4096 == 0)
                progress?.Report((double)n / blobs.Count);
        });

        if (problems.IsEmpty)
            CheckReachable(repo, problems);
        progress?.Report(1);
        return new VerifyResult(commits, pages.Count, blobs.Count, bytes,
            problems.OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>Every reachable page and blob must be present (a missing one is reported, not fetched).</summary>
    private static void CheckReachable(Repository repo, ConcurrentBag<VerifyProblem> problems)
    {
        try
        {
            var reach = Reachability.Compute(repo);
            foreach (var id in reach.Blobs.Where(id => !repo.Index.Contains(id)))
                problems.Add(new VerifyProblem("blob", id.ToString(), "(absent)", "a commit or the staging area names this sample, but its data is not here"));
        }
        catch (TesseraException ex)
        {
            problems.Add(new VerifyProblem("history", "", "", ex.Message));
        }
    }
}
