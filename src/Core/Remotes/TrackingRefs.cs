using Tessera.History;

namespace Tessera;

/// <summary>Remote-tracking branches (<c>origin/main</c>): refs of kind <c>remote</c>, never listed as local branches.</summary>
internal static class TrackingRefs
{
    public static string Name(string remote, string branch) => $"{remote}/{branch}";

    /// <summary>Sets <c>remote/*</c> to the remote's branches in one transaction; drops those the remote no longer has.</summary>
    public static List<TrackingUpdate> Update(Repository repo, string remote, IReadOnlyDictionary<string, ObjectId> branches)
    {
        string prefix = remote + "/";
        var updates = new List<TrackingUpdate>();
        repo.Db.InTransaction(() =>
        {
            var current = repo.Refs.List(RefKind.Remote).Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(r => r.Name, r => r.Target, StringComparer.Ordinal);
            foreach (var (branch, tip) in branches)
            {
                string name = Name(remote, branch);
                ObjectId? old = current.Remove(name, out var o) ? o : null;
                if (old == tip)
                    continue;
                Set(repo, name, tip);
                updates.Add(new TrackingUpdate(name, old, tip));
            }
            foreach (var (gone, old) in current)
            {
                repo.Refs.Delete(RefKind.Remote, gone);
                updates.Add(new TrackingUpdate(gone, old, null));
            }
        }, durable: true);
        return updates;
    }

    /// <summary>Sets one tracking ref; the caller may hold a transaction.</summary>
    public static void Set(Repository repo, string name, ObjectId tip)
    {
        repo.Refs.Delete(RefKind.Remote, name);
        repo.Refs.Create(RefKind.Remote, name, tip);
    }

    public static void RemoveAll(Repository repo, string remote) => repo.Db.InTransaction(() =>
    {
        foreach (var (name, _) in repo.Refs.List(RefKind.Remote).Where(r => r.Name.StartsWith(remote + "/", StringComparison.Ordinal)))
            repo.Refs.Delete(RefKind.Remote, name);
    });
}
