using Tessera.History;
using Tessera.Manifests;

namespace Tessera;

/// <summary>Options of <see cref="WriteCheckout.Expire"/>.</summary>
public sealed record ExpireOptions
{
    /// <summary>Rewrite remote-tracking branches too (the remote keeps the old history until it expires its own).</summary>
    public bool Force { get; init; }
}

/// <summary>What an expire dropped: the commits no longer in history, the commits replaced (old → new) and the refs moved.</summary>
public sealed record ExpireResult(DateTimeOffset Before, IReadOnlyList<ObjectId> Dropped, IReadOnlyList<CommitRewrite> Commits, IReadOnlyList<RefRewrite> Refs);

/// <summary>Rewriting history: what purge and expire share.</summary>
public sealed partial class WriteCheckout
{
    /// <summary>
    /// Drops the commits made before <paramref name="before"/> from the history of every branch, tag
    /// (and, with <see cref="ExpireOptions.Force"/>, remote-tracking branch): the oldest kept commits
    /// become roots, as Icechunk's snapshot expiry does, and their descendants are rewritten with the
    /// same content, message, author and time. Refuses when a ref points to a commit that would go,
    /// or a merge in progress or staged changes need the old commits. <c>gc</c> without the ref log's
    /// grace then deletes what only the dropped commits held.
    /// </summary>
    public ExpireResult Expire(DateTimeOffset before, ExpireOptions? options = null)
    {
        options ??= new ExpireOptions();
        lock (this.gate)
        {
            this.CheckCleanFor("an expire");
            var commits = this.Repo.CommitStore;
            var refs = this.AllRefs();
            var expiring = refs.Where(r => commits.Get(r.Target).Author.When < before).ToList();
            if (expiring.Count > 0)
            {
                throw new StateException(ErrorCode.InvalidArgument,
                    $"{Describe(expiring)} point{(expiring.Count == 1 ? "s" : "")} to a commit made before {before:u}: move or delete {(expiring.Count == 1 ? "it" : "them")} first, or expire less.")
                    .With(ErrorDetail.Wanted, "older-than");
            }
            var dropped = Ancestry.Reachable(commits, refs.Select(r => r.Target)).Where(id => commits.Get(id).Author.When < before).ToHashSet();
            var affected = refs.Where(r => Ancestry.Reachable(commits, [r.Target]).Overlaps(dropped)).ToList();
            var remotes = affected.Where(r => r.Kind == RefKind.Remote).ToList();
            if (remotes.Count > 0 && !options.Force)
            {
                throw new StateException(ErrorCode.InvalidArgument,
                    $"{Describe(remotes)} hold{(remotes.Count == 1 ? "s" : "")} the history to expire: the remote keeps it whatever is done here. Force the expire to rewrite the remote-tracking branches too, then force-push.")
                    .With(ErrorDetail.Wanted, "force");
            }
            var batch = new PageBatch();
            var bases = new ExpiredBases(this.Repo.Manifests, batch);
            ObjectId NewTree(Commit commit)
            {
                bool root = commit.Parents.Any(dropped.Contains);
                var tree = this.Repo.LoadTree(commit);
                var nodes = tree.Nodes.Select(n => n.HasManifest ? n with { Manifest = bases.Rebase(n.Manifest, root) } : n).ToList();
                return nodes.SequenceEqual(tree.Nodes) ? commit.Tree : batch.Add(new NodeTree(nodes).Encode());
            }
            var (rewrites, moved) = this.RewriteHistoryLocked(affected, batch, NewTree, keepParent: p => !dropped.Contains(p));
            return new ExpireResult(before, [.. dropped], rewrites, moved);
        }
    }

    /// <summary>
    /// Manifests of the kept commits, freed from pages that only the expired commits needed. A
    /// delta only hides an entry of its base, so a new root's manifest that still has deltas is
    /// folded into a new base; a later commit's manifest whose chain begins with a folded one keeps
    /// its own deltas on the new base (same content, same lookups).
    /// </summary>
    private sealed class ExpiredBases(ManifestStore manifests, PageBatch batch)
    {
        private readonly Dictionary<string, ObjectId?> folded = new(StringComparer.Ordinal);

        public ManifestRef Rebase(ManifestRef manifest, bool root)
        {
            if (root && manifest.Deltas.Count > 0)
            {
                string key = manifest.ChainKey(manifest.Deltas.Count);
                if (!this.folded.TryGetValue(key, out var newBase))
                {
                    newBase = TreeBuilder.Build(manifests.Enumerate(manifest), batch, out _);
                    this.folded[key] = newBase;
                }
                return new ManifestRef(newBase, [], manifest.Count, 0);
            }
            for (int j = manifest.Deltas.Count; j >= 1; j--)
            {
                if (this.folded.TryGetValue(manifest.ChainKey(j), out var newBase))
                {
                    var rest = manifest.Deltas.Skip(j).ToList();
                    return new ManifestRef(newBase, rest, manifest.Count, rest.Sum(d => (long)manifests.Pages.Entries(d).Count));
                }
            }
            return manifest;
        }
    }

    private List<(RefKind Kind, string Name, ObjectId Target)> AllRefs()
    {
        var refs = new List<(RefKind Kind, string Name, ObjectId Target)>();
        refs.AddRange(this.Repo.Refs.List(RefKind.Branch).Select(r => (RefKind.Branch, r.Name, r.Target)));
        refs.AddRange(this.Repo.Refs.List(RefKind.Tag).Select(r => (RefKind.Tag, r.Name, r.Target)));
        refs.AddRange(this.Repo.Refs.List(RefKind.Remote).Select(r => (RefKind.Remote, r.Name, r.Target)));
        return refs;
    }

    /// <summary>
    /// Replaces, parents first, every commit reachable from <paramref name="refs"/> whose tree
    /// (<paramref name="newTree"/>, new pages in <paramref name="batch"/>) or kept parents change, with
    /// the same message, author and time; commits whose parents are all dropped become roots. In one
    /// durable transaction: the new pages and commits, the refs moved by compare-and-swap (each
    /// logged), git links copied, and the staging area (clean) moved to the new tip.
    /// </summary>
    private (List<CommitRewrite> Commits, List<RefRewrite> Refs) RewriteHistoryLocked(
        List<(RefKind Kind, string Name, ObjectId Target)> refs, PageBatch batch, Func<Commit, ObjectId> newTree, Func<ObjectId, bool> keepParent)
    {
        var rewritten = new Dictionary<ObjectId, Commit>();
        var encodedCommits = new List<(Commit Commit, byte[] Data)>();
        foreach (var commit in Ancestry.TopologicalLog(this.Repo.CommitStore, refs.Select(r => r.Target)).AsEnumerable().Reverse())
        {
            if (!keepParent(commit.Id))
                continue;
            var parents = commit.Parents.Where(keepParent).Select(p => rewritten.TryGetValue(p, out var n) ? n.Id : p).ToList();
            var treeId = newTree(commit);
            if (treeId == commit.Tree && parents.SequenceEqual(commit.Parents))
                continue;
            var (id, data) = Tessera.Commit.Encode(treeId, parents, commit.Author, commit.Message);
            var replacement = new Commit(id, treeId, parents, commit.Author, commit.Message);
            rewritten[commit.Id] = replacement;
            encodedCommits.Add((replacement, data));
        }
        var moved = refs.Select(r => new RefRewrite(r.Kind.ToString().ToLowerInvariant(), r.Name, r.Target, rewritten[r.Target].Id)).ToList();
        var tip = this.Staging.Base is { } b && rewritten.TryGetValue(b, out var newTip) ? newTip : null;
        this.Repo.Db.InTransaction(() =>
        {
            this.blobs.FlushIndex();
            this.Repo.Pages.Write(batch);
            foreach (var (commit, data) in encodedCommits)
                this.Repo.CommitStore.Insert(commit, data);
            foreach (var r in refs)
                this.Repo.Refs.CompareAndSet(r.Kind, r.Name, r.Target, rewritten[r.Target].Id);
            foreach (var (old, replacement) in rewritten)
            {
                if (this.Repo.GitLinks[old] is { } link)
                    this.Repo.GitLinks.Store.Adopt(replacement.Id, link);
            }
            if (tip is not null)
                this.Staging.Reset(tip.Id, this.Repo.LoadTree(tip));
        }, durable: true);
        this.Repo.Db.Checkpoint();
        return ([.. rewritten.Select(p => new CommitRewrite(p.Key, p.Value.Id))], moved);
    }

    private static string Describe(List<(RefKind Kind, string Name, ObjectId Target)> refs) =>
        string.Join(", ", refs.Select(r => $"{(r.Kind == RefKind.Remote ? "remote-tracking branch" : r.Kind.ToString().ToLowerInvariant())} {r.Name}"));
}
