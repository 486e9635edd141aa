using Tessera.History;
using Tessera.Manifests;

namespace Tessera.Objects;

/// <summary>The samples a <c>fetch-data</c> asks for (a revision, optionally one path and some keys) that are not stored locally.</summary>
internal static class DataSelection
{
    public static List<ObjectId> MissingBlobs(Repository repo, Commit commit, string? path, IReadOnlyList<SampleKey>? keys)
    {
        var tree = repo.LoadTree(commit);
        string? prefix = path is null ? null : Names.NormalizePath(path);
        var nodes = tree.Nodes.Where(n => n.HasManifest && (prefix is null || n.Path == prefix || n.Path.StartsWith(prefix + "/", StringComparison.Ordinal))).ToList();
        if (prefix is not null && tree.Find(prefix) is null)
            throw new NotFoundException(ErrorCode.NodeNotFound, $"No node '{prefix}' at {commit.ShortId}.").With(ErrorDetail.Path, prefix);
        var wanted = keys?.Select(k => Keys.Encode(k)).ToHashSet(KeyComparer.Instance);
        var ids = new HashSet<ObjectId>();
        foreach (var node in nodes)
        {
            if (wanted is not null && node.Kind != NodeKind.Column)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"Keys select samples of columns; '{node.Path}' is an {node.Kind.ToString().ToLowerInvariant()}. Fetch it by --path alone.");
            foreach (var (key, id) in repo.Manifests.Enumerate(node.Manifest))
            {
                // Nested columns hold key+subkey entries: a key selects all of its subkeys.
                if ((wanted is null || wanted.Contains(key[..Keys.OuterLength(key)])) && SampleRun.StoredObject(id) is { } stored)
                    ids.Add(stored);
            }
        }
        repo.Index.Load();
        return ids.Where(id => !repo.Index.ContainsLoaded(id)).ToList();
    }
}
