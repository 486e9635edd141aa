using Tessera.History;
using Tessera.Manifests;

namespace Tessera;

/// <summary>
/// Where samples are used: the node path and key that name each of a set of stored sample (or run)
/// ids, looked up in the trees of the branches and tags (newest first) and the staged changes; for
/// a run, the first key found using one of its items. Used only when something is wrong, so it
/// may read every manifest.
/// </summary>
internal static class BlobOwners
{
    public static Dictionary<ObjectId, (string Path, string Key, string Where)> Find(Repository repo, IReadOnlyCollection<ObjectId> ids)
    {
        var found = new Dictionary<ObjectId, (string, string, string)>();
        var wanted = ids.ToHashSet();
        var refs = repo.Refs.List(RefKind.Branch).Concat(repo.Refs.List(RefKind.Tag)).Concat(repo.Refs.List(RefKind.Remote));
        foreach (var (name, target) in refs)
        {
            if (found.Count == wanted.Count)
                break;
            if (repo.CommitStore.TryGet(target) is not { } commit)
                continue;
            foreach (var node in repo.LoadTree(commit).Nodes.Where(n => n.HasManifest))
            {
                foreach (var entry in repo.Manifests.Enumerate(node.Manifest))
                {
                    if (SampleRun.StoredObject(entry.Value) is { } stored && wanted.Contains(stored) && !found.ContainsKey(stored))
                        found[stored] = (node.Path, Keys.Format(entry.Key), name);
                }
            }
        }
        return found;
    }
}
