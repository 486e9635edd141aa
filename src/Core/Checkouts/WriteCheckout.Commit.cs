using Tessera.Manifests;

namespace Tessera;

/// <summary>Options of <see cref="WriteCheckout.Commit"/>.</summary>
public sealed record CommitOptions
{
    /// <summary>Who and when; default the repository identity, now.</summary>
    public Signature? Author { get; init; }
}

public sealed partial class WriteCheckout
{
    /// <summary>
    /// Commits the staged changes: one new delta page per changed column, a node tree, a commit
    /// record and the branch move, all in one durable transaction after the packs are synced. A
    /// crash at any point leaves the previous commit and the staging area as they were.
    /// </summary>
    public Commit Commit(string message, CommitOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(message))
            throw new InvalidInputException(ErrorCode.InvalidArgument, "A commit needs a message (-m \"...\").");
        lock (this.gate)
        {
            ObjectDisposedException.ThrowIf(this.disposed, this);
            if (this.Staging.Conflicts.Count > 0)
            {
                throw new StateException(ErrorCode.UnresolvedConflicts,
                    $"{this.Staging.Conflicts.Count} merge conflict(s) are unresolved: resolve them, or abort the merge.");
            }
            var batch = new PageBatch();
            var tree = this.BuildTree(batch);
            var treeId = batch.Add(tree.Encode());
            var baseCommit = this.Staging.Base is { } b ? this.Repo.CommitStore.Get(b) : null;
            if (this.Staging.MergeHead is null && (baseCommit?.Tree == treeId || baseCommit is null && !tree.Nodes.Any()))
                throw new StateException(ErrorCode.EmptyCommit, "Nothing to commit: no staged changes differ from the branch tip.");

            ObjectId[] parents = baseCommit is null ? [] : this.Staging.MergeHead is { } m ? [baseCommit.Id, m] : [baseCommit.Id];
            var author = options?.Author ?? this.Repo.Identity();
            var (id, data) = Tessera.Commit.Encode(treeId, parents, author, message.Trim());
            var commit = new Commit(id, treeId, parents, author, message.Trim());

            this.blobs.Sync();
            this.Repo.Db.InTransaction(() =>
            {
                this.blobs.FlushIndex();
                this.Repo.Pages.Write(batch.Pages);
                this.Repo.CommitStore.Insert(commit, data);
                this.Repo.Refs.CompareAndSet(this.Branch, baseCommit?.Id, id);
                this.Staging.Reset(id, tree);
            }, durable: true);
            this.Repo.GitLinks.RecordForNewCommit(commit);
            this.Repo.Db.Checkpoint();
            return commit;
        }
    }

    /// <summary>
    /// The staged tree with every changed column's manifest brought up to date, columns in
    /// parallel (each builds its pages into its own batch).
    /// </summary>
    private NodeTree BuildTree(PageBatch batch)
    {
        var nodes = this.Staging.Tree.Nodes.ToArray();
        var built = new NodeRecord[nodes.Length];
        var pages = new PageBatch[nodes.Length];
        try
        {
            Parallel.For(0, nodes.Length, i =>
            {
                pages[i] = new PageBatch();
                built[i] = this.WithStagedChanges(nodes[i], pages[i]);
            });
        }
        catch (AggregateException ex)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
        foreach (var nodePages in pages)
            batch.AddAll(nodePages);
        return new NodeTree(built);
    }

    private NodeRecord WithStagedChanges(NodeRecord node, PageBatch batch)
    {
        var staged = this.Staging.ChangesFor(node.Id);
        if (!node.HasManifest || staged.Count == 0)
            return node;
        long count = node.Manifest.Count;
        var effective = new List<KeyValuePair<byte[], ObjectId>>(staged.Count);
        foreach (var (key, value) in staged.InKeyOrder())
        {
            var before = this.Repo.Manifests.Lookup(node.Manifest, key);
            if (before == (value.IsZero ? null : value))
                continue;
            count += before is null ? 1 : value.IsZero ? -1 : 0;
            effective.Add(new(key, value));
        }
        return node with { Manifest = this.Repo.Manifests.Apply(node.Manifest, effective, count, batch) };
    }
}
