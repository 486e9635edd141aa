using Tessera.Staging;

namespace Tessera.History;

/// <summary>Walks the commit DAG: ancestry tests and merge bases.</summary>
internal static class Ancestry
{
    /// <summary>Every commit reachable from <paramref name="start"/> (itself included).</summary>
    public static HashSet<ObjectId> Reachable(CommitStore commits, IEnumerable<ObjectId> start)
    {
        var seen = new HashSet<ObjectId>();
        var stack = new Stack<ObjectId>(start);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id))
                continue;
            foreach (var p in commits.Get(id).Parents)
                stack.Push(p);
        }
        return seen;
    }

    public static bool IsAncestor(CommitStore commits, ObjectId ancestor, ObjectId of) => Reachable(commits, [of]).Contains(ancestor);

    /// <summary>
    /// The commits a move of ref <paramref name="name"/> from <paramref name="old"/> to
    /// <paramref name="target"/> would leave on no branch, tag or remote-tracking branch, newest first.
    /// </summary>
    public static List<Commit> DroppedByMove(Repository repo, string name, ObjectId? old, ObjectId target)
    {
        if (old is not { } from)
            return [];
        var kept = repo.Refs.List(RefKind.Branch).Where(r => r.Name != name).Select(r => r.Target)
            .Concat(repo.Refs.List(RefKind.Tag).Select(r => r.Target))
            .Concat(repo.Refs.List(RefKind.Remote).Select(r => r.Target))
            .Append(target);
        var held = Reachable(repo.CommitStore, kept);
        return [.. TopologicalLog(repo.CommitStore, [from]).Where(c => !held.Contains(c.Id))];
    }

    /// <summary>
    /// The base a merge in progress compares both sides with: for a merge or squash the common
    /// ancestor of the staging area's base and its merge head, for a cherry-pick or revert the
    /// commit recorded when it began; null when not merging.
    /// </summary>
    public static ObjectId? MergeBaseOf(CommitStore commits, StagingArea staging) =>
        staging.MergeKind is MergeKind.CherryPick or MergeKind.Revert ? staging.PickBase
        : staging.Base is { } o && staging.MergeHead is { } t ? MergeBase(commits, o, t) : null;

    /// <summary>The best common ancestor: the common ancestor found first walking back from <paramref name="b"/> by time.</summary>
    public static ObjectId? MergeBase(CommitStore commits, ObjectId a, ObjectId b)
    {
        var fromA = Reachable(commits, [a]);
        var queue = new PriorityQueue<ObjectId, long>();
        var seen = new HashSet<ObjectId>();
        queue.Enqueue(b, -commits.Get(b).Author.When.ToUnixTimeMilliseconds());
        while (queue.TryDequeue(out var id, out _))
        {
            if (!seen.Add(id))
                continue;
            if (fromA.Contains(id))
                return id;
            foreach (var p in commits.Get(id).Parents)
                queue.Enqueue(p, -commits.Get(p).Author.When.ToUnixTimeMilliseconds());
        }
        return null;
    }

    /// <summary>Commits reachable from <paramref name="heads"/>, newest first, parents after children.</summary>
    public static List<Commit> TopologicalLog(CommitStore commits, IEnumerable<ObjectId> heads)
    {
        var all = Reachable(commits, heads).Select(commits.Get).ToDictionary(c => c.Id);
        var childCount = all.Keys.ToDictionary(id => id, _ => 0);
        foreach (var c in all.Values)
        {
            foreach (var p in c.Parents)
            {
                if (childCount.ContainsKey(p))
                    childCount[p]++;
            }
        }
        var ready = new PriorityQueue<Commit, (long, string)>();
        foreach (var c in all.Values.Where(c => childCount[c.Id] == 0))
            ready.Enqueue(c, (-c.Author.When.ToUnixTimeMilliseconds(), c.Id.ToString()));
        var result = new List<Commit>(all.Count);
        while (ready.TryDequeue(out var c, out _))
        {
            result.Add(c);
            foreach (var p in c.Parents)
            {
                if (all.TryGetValue(p, out var parent) && --childCount[p] == 0)
                    ready.Enqueue(parent, (-parent.Author.When.ToUnixTimeMilliseconds(), parent.Id.ToString()));
            }
        }
        return result;
    }
}
