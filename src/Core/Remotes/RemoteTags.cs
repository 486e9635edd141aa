using Tessera.History;

namespace Tessera.Remotes;

/// <summary>
/// Tags across repositories. Tags are not moved by transfers: fetch creates the local tags it lacks
/// and keeps a local tag (or branch) of the same name; push creates the remote tags it lacks and
/// refuses, before anything moves, a remote tag that names another commit.
/// </summary>
internal static class RemoteTags
{
    /// <summary>Creates, in one transaction, the remote's tags this repository lacks (their commits are already fetched).</summary>
    public static List<TagUpdate> Adopt(Repository repo, IReadOnlyDictionary<string, ObjectId> tags)
    {
        var result = new List<TagUpdate>();
        repo.Db.InTransaction(() =>
        {
            foreach (var (name, target) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                var local = repo.Refs.Get(RefKind.Tag, name);
                if (local == target)
                    continue;
                bool free = local is null && !repo.Refs.Exists(name);
                if (free)
                    repo.Refs.Create(RefKind.Tag, name, target);
                result.Add(new TagUpdate(name, target, free));
            }
        }, durable: true);
        return result;
    }

    /// <summary>The local tags the remote lacks; throws <see cref="ErrorCode.RefExists"/> when it has one of them at another commit.</summary>
    public static List<(string Name, ObjectId Target)> ToPush(Repository repo, IRemoteStore store)
    {
        var remote = store.Tags();
        var result = new List<(string, ObjectId)>();
        foreach (var (name, target) in repo.Refs.List(RefKind.Tag))
        {
            if (!remote.TryGetValue(name, out var there))
                result.Add((name, target));
            else if (there != target)
                throw LocalStore.TagExists(name, there);
        }
        return result;
    }
}
