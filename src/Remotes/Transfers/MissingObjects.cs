namespace Tessera.Remotes;

/// <summary>
/// The negotiation: starting at some tips, the commits and pages <c>source</c> holds and
/// <c>target</c> lacks, and the samples those pages name. A commit the target holds stands for its
/// whole history and a page the target holds for its whole subtree (receivers store dependencies
/// first), so the walk stops there and costs O(what is missing) "have?" queries, asked in batches.
/// Git links are listed whole on both sides instead (a link may be replaced after its commit was
/// sent): the source's records the target lacks go along when the target holds or receives their commit.
/// </summary>
internal sealed class MissingObjects
{
    /// <summary>Missing commits, parents before children (the order a receiver accepts).</summary>
    public List<TransferObject> Commits { get; } = [];

    /// <summary>Missing pages, children before parents (so a held page always has its subtree).</summary>
    public List<TransferObject> Pages { get; } = [];

    /// <summary>Samples the missing pages name (the target may hold some of them already).</summary>
    public HashSet<ObjectId> Blobs { get; } = [];

    /// <summary>Missing git link records (sent after the commits they name).</summary>
    public List<TransferObject> Links { get; } = [];

    public static MissingObjects Find(IRemoteStore source, IRemoteStore target, IEnumerable<ObjectId> tips)
    {
        var result = new MissingObjects();
        var commits = result.FindCommits(source, target, tips.Distinct().ToList());
        result.FindPages(source, target, commits.SelectMany(c => c.Pages).Distinct().ToList());
        result.FindLinks(source, target);
        return result;
    }

    /// <summary>The missing commits' references: each names its tree (<see cref="ObjectReferences.Pages"/>) and its parents (<see cref="ObjectReferences.Commits"/>).</summary>
    private List<ObjectReferences> FindCommits(IRemoteStore source, IRemoteStore target, List<ObjectId> tips)
    {
        // Objects from a store are only valid until the next one is read: what is kept is copied.
        var found = new Dictionary<ObjectId, (ObjectReferences Named, TransferObject Object)>();
        var seen = new HashSet<ObjectId>(tips);
        var frontier = tips;
        while (frontier.Count > 0)
        {
            var next = new List<ObjectId>();
            foreach (var obj in Batches.Get(source, ObjectKind.Commit, Batches.Missing(target, ObjectKind.Commit, frontier)))
            {
                var named = ObjectDatabase.Verify(obj);
                found[obj.Id] = (named, obj with { Data = obj.Data.ToArray() });
                next.AddRange(named.Commits.Where(seen.Add));
            }
            frontier = next;
        }
        // Depth-first post-order: every parent is emitted before its children.
        var emitted = new HashSet<ObjectId>();
        foreach (var start in found.Keys)
        {
            var stack = new Stack<(ObjectId Id, bool Expanded)>();
            stack.Push((start, false));
            while (stack.Count > 0)
            {
                var (id, expanded) = stack.Pop();
                if (!found.TryGetValue(id, out var entry) || emitted.Contains(id))
                    continue;
                if (expanded)
                {
                    emitted.Add(id);
                    this.Commits.Add(entry.Object);
                    continue;
                }
                stack.Push((id, true));
                foreach (var parent in entry.Named.Commits)
                    stack.Push((parent, false));
            }
        }
        return found.Values.Select(v => v.Named).ToList();
    }

    private void FindPages(IRemoteStore source, IRemoteStore target, List<ObjectId> trees)
    {
        var seen = new HashSet<ObjectId>(trees);
        var frontier = trees;
        var discovered = new List<TransferObject>();
        while (frontier.Count > 0)
        {
            var links = new List<ObjectId>();
            foreach (var obj in Batches.Get(source, ObjectKind.Page, Batches.Missing(target, ObjectKind.Page, frontier)))
            {
                var named = ObjectDatabase.Verify(obj);
                discovered.Add(obj with { Data = obj.Data.ToArray() });
                links.AddRange(named.Pages);
                this.Blobs.UnionWith(named.Blobs);
            }
            frontier = links.Where(seen.Add).ToList();
        }
        discovered.Reverse();
        this.Pages.AddRange(discovered);
    }

    /// <summary>Stores that keep no links (servers of an older version) list none, and links then stay behind.</summary>
    private void FindLinks(IRemoteStore source, IRemoteStore target)
    {
        if (source.Links() is not { } offered || target.Links() is not { } held)
            return;
        var records = new List<(TransferObject Object, ObjectId Commit)>();
        foreach (var obj in Batches.Get(source, ObjectKind.Link, offered.Except(held).ToList()))
            records.Add((obj with { Data = obj.Data.ToArray() }, ObjectDatabase.Verify(obj).Commits[0]));
        var arriving = this.Commits.Select(c => c.Id).ToHashSet();
        var elsewhere = records.Select(r => r.Commit).Where(c => !arriving.Contains(c)).Distinct().ToList();
        arriving.UnionWith(elsewhere.Except(Batches.Missing(target, ObjectKind.Commit, elsewhere)));
        this.Links.AddRange(records.Where(r => arriving.Contains(r.Commit)).Select(r => r.Object));
    }
}
