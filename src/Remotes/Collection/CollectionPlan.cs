namespace Tessera.Remotes.Collection;

/// <summary>
/// What one run of remote gc deletes, decided from the objects a remote holds, its refs and the
/// state of the earlier runs. An object is deleted only when an earlier run, at least the grace
/// period ago, found it unreachable too, and nothing that is not deleted names it: an unreachable
/// commit or page that is not yet old enough (a push that has sent its objects but not yet moved
/// its branch) keeps everything it names. Design note 015 gives the argument.
/// </summary>
internal sealed class CollectionPlan
{
    /// <summary>Objects to delete now.</summary>
    public HashSet<(ObjectKind Kind, ObjectId Id)> Delete { get; } = [];

    /// <summary>The state to store: every object unreachable now and kept, with when it was first found so.</summary>
    public RemoteGcState Next { get; } = new();

    /// <summary>Unreachable objects kept because they are not yet old enough, or an object kept for that reason names them.</summary>
    public int Waiting => this.Next.Unreachable.Count;

    public static CollectionPlan Make(IRemoteStore store, IReadOnlyCollection<(ObjectKind Kind, ObjectId Id)> held, RemoteGcState previous, DateTimeOffset now, TimeSpan grace)
    {
        var heldSet = held.ToHashSet();
        var reached = new HashSet<(ObjectKind, ObjectId)>();
        Walk(store, heldSet, reached, store.Branches().Values.Concat(store.Tags().Values).Select(c => (ObjectKind.Commit, c)));
        var unreachable = heldSet.Where(h => !reached.Contains(h)).ToList();
        var oldEnough = unreachable.Where(u => previous.Unreachable.TryGetValue(u, out var seen) && now - seen >= grace).ToHashSet();
        Walk(store, heldSet, reached, unreachable.Where(u => u.Kind != ObjectKind.Blob && !oldEnough.Contains(u)));
        var plan = new CollectionPlan();
        plan.Delete.UnionWith(oldEnough.Where(u => !reached.Contains(u)));
        foreach (var u in unreachable.Where(u => !plan.Delete.Contains(u)))
            plan.Next.Unreachable[u] = previous.Unreachable.TryGetValue(u, out var seen) ? seen : now;
        return plan;
    }

    /// <summary>Marks everything the roots reach among the held objects (the walk stops at what is marked already).</summary>
    private static void Walk(IRemoteStore store, HashSet<(ObjectKind, ObjectId)> held, HashSet<(ObjectKind, ObjectId)> reached, IEnumerable<(ObjectKind Kind, ObjectId Id)> roots)
    {
        var commits = new List<ObjectId>();
        var pages = new List<ObjectId>();
        void Reach(ObjectKind kind, ObjectId id)
        {
            if (held.Contains((kind, id)) && reached.Add((kind, id)))
                (kind == ObjectKind.Commit ? commits : kind == ObjectKind.Page ? pages : null)?.Add(id);
        }
        foreach (var (kind, id) in roots)
            Reach(kind, id);
        while (commits.Count + pages.Count > 0)
        {
            var (kind, batch) = commits.Count > 0 ? (ObjectKind.Commit, commits.ToList()) : (ObjectKind.Page, pages.ToList());
            (kind == ObjectKind.Commit ? commits : pages).Clear();
            foreach (var obj in Batches.Get(store, kind, batch))
            {
                var named = ObjectDatabase.Verify(obj);
                foreach (var parent in named.Commits)
                    Reach(ObjectKind.Commit, parent);
                foreach (var page in named.Pages)
                    Reach(ObjectKind.Page, page);
                foreach (var blob in named.Blobs)
                    Reach(ObjectKind.Blob, blob);
            }
        }
    }
}
