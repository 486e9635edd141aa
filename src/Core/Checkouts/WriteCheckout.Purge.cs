using Tessera.History;
using Tessera.Manifests;

namespace Tessera;

/// <summary>Options of <see cref="WriteCheckout.Purge"/>.</summary>
public sealed record PurgeOptions
{
    /// <summary>Rewrite every branch and tag that holds the samples; without it, only the current branch may, and others are named in a refusal.</summary>
    public bool AllHistory { get; init; }

    /// <summary>Rewrite remote-tracking branches that hold the samples too (the remote keeps its copy until it is purged and pushed there).</summary>
    public bool Force { get; init; }
}

/// <summary>A commit replaced by a rewrite of history.</summary>
public sealed record CommitRewrite(ObjectId Old, ObjectId New);

/// <summary>A ref moved by a rewrite of history: its kind (branch, tag, remote), name, old and new target.</summary>
public sealed record RefRewrite(string Kind, string Name, ObjectId Old, ObjectId New);

/// <summary>What a purge removed: how many (commit, key) entries, the commits it replaced (old → new) and the refs it moved.</summary>
public sealed record PurgeResult(string Path, IReadOnlyList<string> Keys, long EntriesRemoved, IReadOnlyList<CommitRewrite> Commits, IReadOnlyList<RefRewrite> Refs);

public sealed partial class WriteCheckout
{
    /// <summary>
    /// Removes samples from history: every commit reachable from the rewritten refs that holds one
    /// of <paramref name="keys"/> in the column (or array) at <paramref name="path"/> is replaced by
    /// a commit without them (its manifest rebuilt, so that no page names them any more), and so is each of its descendants (same message, author and time, git
    /// links carried over). The refs move to the new commits in one transaction. The old commits stay
    /// in the ref log; <c>gc</c> without the ref log's grace then deletes their bytes.
    /// </summary>
    public PurgeResult Purge(string path, IReadOnlyList<SampleKey> keys, PurgeOptions? options = null)
    {
        options ??= new PurgeOptions();
        if (keys.Count == 0)
            throw new InvalidInputException(ErrorCode.Usage, "Name at least one key to purge.");
        lock (this.gate)
        {
            this.CheckCleanFor("a purge");
            var node = this.Staging.BaseTree.Find(Names.NormalizePath(path))
                ?? throw new NotFoundException(ErrorCode.NodeNotFound, $"No node {path} at the tip of {this.Branch}.").With(ErrorDetail.Path, path);
            if (!node.HasManifest)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"{node.Path} is a group: purge keys of a column or an array.").With(ErrorDetail.Path, node.Path);
            var encoded = keys.Select(k => Keys.Encode(k)).Distinct(KeyComparer.Instance).OrderBy(k => k, KeyComparer.Instance).ToList();

            var commits = this.Repo.CommitStore;
            var refs = this.AllRefs();
            var holding = Ancestry.Reachable(commits, refs.Select(r => r.Target))
                .Where(id => this.HoldsAny(this.Repo.LoadTree(commits.Get(id)).FindById(node.Id), encoded)).ToHashSet();
            if (holding.Count == 0)
            {
                throw new NotFoundException(ErrorCode.KeyNotFound, $"No commit holds {string.Join(", ", keys)} in {node.Path}: there is nothing to purge.")
                    .With(ErrorDetail.Path, node.Path);
            }
            var affected = refs.Where(r => Ancestry.Reachable(commits, [r.Target]).Overlaps(holding)).ToList();
            var others = affected.Where(r => r.Kind != RefKind.Remote && !(r.Kind == RefKind.Branch && r.Name == this.Branch)).ToList();
            if (others.Count > 0 && !options.AllHistory)
            {
                throw new StateException(ErrorCode.InvalidArgument,
                    $"{Describe(others)} also hold{(others.Count == 1 ? "s" : "")} these samples: purge every branch and tag at once (all history), or delete {(others.Count == 1 ? "it" : "them")} first.")
                    .With(ErrorDetail.Path, node.Path).With(ErrorDetail.Wanted, "all-history");
            }
            var remotes = affected.Where(r => r.Kind == RefKind.Remote).ToList();
            if (remotes.Count > 0 && !options.Force)
            {
                throw new StateException(ErrorCode.InvalidArgument,
                    $"{Describe(remotes)} hold{(remotes.Count == 1 ? "s" : "")} the old history: the remote keeps these samples whatever is done here. Force the purge to rewrite the remote-tracking branches too, then force-push and purge the remote's own copies.")
                    .With(ErrorDetail.Path, node.Path).With(ErrorDetail.Wanted, "force");
            }

            var batch = new PageBatch();
            var rebuilt = new Dictionary<string, ManifestRef>(StringComparer.Ordinal);
            var runs = new PurgedRuns(this, node.Id, encoded, holding);
            long removed = 0;
            ObjectId NewTree(Commit commit)
            {
                if (!holding.Contains(commit.Id) && !runs.Touches(commit))
                    return commit.Tree;
                var tree = this.Repo.LoadTree(commit);
                foreach (var held in tree.Nodes.Where(n => n.HasManifest).ToList())
                {
                    var present = held.Id == node.Id ? encoded.Where(k => this.Repo.Manifests.Lookup(held.Manifest, k) is not null).ToList() : [];
                    removed += present.Count;
                    // Commits in a row often share a manifest: rebuild each distinct one once.
                    string manifestKey = held.Id + " " + held.Manifest.ChainKey(held.Manifest.Deltas.Count);
                    if (!rebuilt.TryGetValue(manifestKey, out var manifest))
                    {
                        var changes = present.Select(k => new KeyValuePair<byte[], ObjectId>(k, ObjectId.Zero))
                            .Concat(runs.Replacements(held).Where(r => !present.Contains(r.Key, KeyComparer.Instance))).ToList();
                        changes.Sort((x, y) => KeyComparer.Instance.Compare(x.Key, y.Key));
                        manifest = changes.Count == 0 ? held.Manifest : this.Repo.Manifests.Apply(held.Manifest, EntryList.From(changes), held.Manifest.Count - present.Count, batch, fold: true);
                        rebuilt[manifestKey] = manifest;
                    }
                    tree = tree.With(held with { Manifest = manifest });
                }
                return batch.Add(tree.Encode());
            }
            var (rewrites, moved) = this.RewriteHistoryLocked(affected, batch, NewTree, keepParent: _ => true);
            return new PurgeResult(node.Path, [.. keys.Select(k => k.ToString())], removed, rewrites, moved);
        }
    }

    private bool HoldsAny(NodeRecord? node, List<byte[]> keys) =>
        node is { HasManifest: true } && keys.Any(k => this.Repo.Manifests.Lookup(node.Manifest, k) is not null);
}
