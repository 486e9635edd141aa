using System.Collections.Concurrent;
using Tessera.History;

namespace Tessera;

/// <summary>One problem verify found.</summary>
/// <param name="Kind">commit, page, blob or ref.</param>
/// <param name="Id">The object's id.</param>
/// <param name="Where">Where it is stored (pack file and offset, or table).</param>
public sealed record VerifyProblem(string Kind, string Id, string Where, string Message)
{
    /// <summary>For a sample: the node path that uses it (at the first branch or tag found to), or null.</summary>
    public string? Node { get; init; }

    /// <summary>For a sample: its key in <see cref="Node"/>.</summary>
    public string? Key { get; init; }

    /// <summary>What a front end needs to add its advice (for a lost ref: the <see cref="ErrorDetail.Commit"/> still here).</summary>
    public IReadOnlyDictionary<ErrorDetail, string> Details { get; init; } = new Dictionary<ErrorDetail, string>();
}

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
                problems.Add(new VerifyProblem("page", id.ToString(), "pages table", Finding(ex)));
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
                problems.Add(new VerifyProblem("blob", id.ToString(), where, Finding(ex)));
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
            NameSamples(repo, problems).OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Node, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>Adds the node and key that use each bad sample, so a report says what data is affected.</summary>
    private static IEnumerable<VerifyProblem> NameSamples(Repository repo, ConcurrentBag<VerifyProblem> problems)
    {
        var ids = problems.Where(p => p.Kind == "blob" && ObjectId.TryParse(p.Id, out _)).Select(p => ObjectId.Parse(p.Id)).ToHashSet();
        if (ids.Count == 0)
            return problems;
        Dictionary<ObjectId, (string Path, string Key, string Where)> owners;
        try
        {
            owners = BlobOwners.Find(repo, ids);
        }
        catch (TesseraException)
        {
            return problems;
        }
        return problems.Select(p => p.Kind == "blob" && ObjectId.TryParse(p.Id, out var id) && owners.TryGetValue(id, out var owner)
            ? p with { Node = owner.Path, Key = owner.Key, Message = $"{p.Message} (sample {owner.Key} of {owner.Path} at {owner.Where})" }
            : p);
    }

    /// <summary>What a read found, as a line of the report: without the advice to verify the repository, which is what is running.</summary>
    private static string Finding(TesseraException ex) =>
        ex.Message.EndsWith(" " + CorruptObjectException.VerifyAdvice, StringComparison.Ordinal)
            ? ex.Message[..^(CorruptObjectException.VerifyAdvice.Length + 1)]
            : ex.Message;

    /// <summary>Every reachable page and blob must be present (a missing one is reported, not fetched).</summary>
    private static void CheckReachable(Repository repo, ConcurrentBag<VerifyProblem> problems)
    {
        try
        {
            var reach = Reachability.Compute(repo, staged: false);
            try
            {
                reach.AddStaged(repo);
            }
            catch (TesseraException ex) when (ex.Details.GetValueOrDefault(ErrorDetail.Area) == "staging")
            {
                // A damaged staging area holds no committed data: discarding it, not a backup, is the remedy.
                problems.Add(new VerifyProblem("staging", "", Path.Combine(".tensor", "staging"), ex.Message) { Details = ex.Details });
            }
            foreach (var id in reach.Blobs.Where(id => !repo.Index.Contains(id)))
                problems.Add(new VerifyProblem("blob", id.ToString(), "(absent)", "a commit or the staging area names this sample, but its data is not here"));
        }
        catch (TesseraException ex)
        {
            problems.Add(new VerifyProblem("history", "", "", Finding(ex)));
        }
    }
}
