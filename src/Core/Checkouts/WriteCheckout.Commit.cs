using Tessera.Manifests;

namespace Tessera;

/// <summary>Options of <see cref="WriteCheckout.Commit"/>.</summary>
public sealed record CommitOptions
{
    /// <summary>Who and when; default the repository identity, now (for an amend: the amended commit's author, now).</summary>
    public Signature? Author { get; init; }

    /// <summary>Replace the branch tip instead of adding to it: same parents, the staged changes on top of its content, the message given or its own.</summary>
    public bool Amend { get; init; }
}

public sealed partial class WriteCheckout
{
    /// <summary>Below this many staged changes a column's manifest is built at commit: it costs milliseconds.</summary>
    private const int PrepareAtChanges = 50_000;

    /// <summary>
    /// Commits the staged changes: one new delta page per changed column, a node tree, a commit
    /// record and the branch move, all in one durable transaction after the packs are synced. A
    /// crash at any point leaves the previous commit and the staging area as they were.
    /// </summary>
    /// <param name="message">The message; with <see cref="CommitOptions.Amend"/>, null or empty keeps the amended commit's.</param>
    public Commit Commit(string? message, CommitOptions? options = null)
    {
        lock (this.gate)
        {
            return this.CommitLocked(message, options ?? new CommitOptions(), allowQueued: false);
        }
    }

    private Commit CommitLocked(string? message, CommitOptions options, bool allowQueued)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        var baseCommit = this.Staging.Base is { } b ? this.Repo.CommitStore.Get(b) : null;
        if (options.Amend)
        {
            if (this.Staging.IsMerging)
                throw new StateException(ErrorCode.MergeInProgress, $"A {this.Staging.MergeKind.Name()} is in progress: finish or abort it before amending.").With(ErrorDetail.Operation, this.Staging.MergeKind.Name());
            if (baseCommit is null)
                throw new StateException(ErrorCode.EmptyCommit, "The branch has no commit yet to amend.");
        }
        message = string.IsNullOrWhiteSpace(message) && options.Amend ? baseCommit!.Message : message;
        if (string.IsNullOrWhiteSpace(message))
            throw new InvalidInputException(ErrorCode.InvalidArgument, "A commit needs a message (-m \"...\").");
        if (this.Staging.Conflicts.Count > 0)
        {
            throw new StateException(ErrorCode.UnresolvedConflicts,
                $"{this.Staging.Conflicts.Count} conflict(s) of the {this.Staging.MergeKind.Name()} are unresolved: resolve them, or abort it.").With(ErrorDetail.Operation, this.Staging.MergeKind.Name());
        }
        if (!allowQueued && this.Staging.MergeTodo.Count > 0)
        {
            throw new StateException(ErrorCode.MergeInProgress,
                $"A {this.Staging.MergeKind.Name()} has {this.Staging.MergeTodo.Count} more commit(s) to apply after this one: continue it (which commits this one) or abort it.").With(ErrorDetail.Operation, this.Staging.MergeKind.Name());
        }
        var batch = new PageBatch();
        // An amend rebuilds the tip's content and the staged changes on top of its parent, so that
        // manifests keep only net changes and an amend that undoes everything is seen as empty.
        var tree = options.Amend
            ? this.BuildTree(batch, this.StagedAgainst(this.Repo.LoadTree(baseCommit!.Parents.Count > 0 ? this.Repo.CommitStore.Get(baseCommit.Parents[0]) : null)))
            : this.BuildTree(batch, (this.Staging.Tree, null));
        var treeId = batch.Add(tree.Encode());
        bool mergeCommit = this.Staging.MergeHead is not null && this.Staging.MergeKind == MergeKind.Merge;
        IReadOnlyList<ObjectId> parents = options.Amend ? baseCommit!.Parents
            : baseCommit is null ? [] : mergeCommit ? [baseCommit.Id, this.Staging.MergeHead!.Value] : [baseCommit.Id];
        if (!mergeCommit && parents.Count <= 1)
        {
            var parent = parents.Count == 1 ? this.Repo.CommitStore.Get(parents[0]) : null;
            if (parent?.Tree == treeId || parent is null && !tree.Nodes.Any())
            {
                throw new StateException(ErrorCode.EmptyCommit, options.Amend
                    ? "Nothing to commit: the amended commit would hold no change from its parent."
                    : "Nothing to commit: no staged changes differ from the branch tip.");
            }
        }

        var author = options.Author ?? (options.Amend ? baseCommit!.Author with { When = DateTimeOffset.Now } : this.Repo.Identity());
        var (id, data) = Tessera.Commit.Encode(treeId, parents, author, message.Trim());
        var commit = new Commit(id, treeId, parents, author, message.Trim());

        this.blobs.Sync();
        this.Repo.Db.InTransaction(() =>
        {
            this.blobs.FlushIndex();
            this.Repo.Pages.Write(batch);
            this.Repo.CommitStore.Insert(commit, data);
            this.Repo.Refs.CompareAndSet(this.Branch, baseCommit?.Id, id);
            this.Staging.Reset(id, tree);
        }, durable: true);
        this.Repo.GitLinks.RecordForNewCommit(commit);
        this.Repo.Db.Checkpoint();
        return commit;
    }

    /// <summary>
    /// The staged tree with every changed column's manifest brought up to date: the one an
    /// operation prepared (<see cref="Staging.PreparedManifests"/>) while it is still valid,
    /// otherwise built, columns in parallel.
    /// </summary>
    private NodeTree BuildTree(PageBatch batch, (NodeTree Tree, Dictionary<string, List<KeyValuePair<byte[], ObjectId>>>? Changes) staged)
    {
        var built = this.BuildManifests([.. staged.Tree.Nodes], batch, node =>
            staged.Changes is not null ? (null, staged.Changes.TryGetValue(node.Id, out var listed) ? EntryList.From(listed) : new EntryList())
            : node.HasManifest && this.Staging.PreparedFor(node) is { } prepared ? (prepared, null)
            : (null, this.Staging.ChangesFor(node.Id).InKeyOrder()));
        return new NodeTree(built);
    }

    /// <summary>Each node with its staged changes applied to its manifest, nodes in parallel (each builds its pages into its own batch).</summary>
    private NodeRecord[] BuildManifests(NodeRecord[] nodes, PageBatch batch, Func<NodeRecord, (ManifestRef? Prepared, EntryList? Changes)> changesOf)
    {
        var built = new NodeRecord[nodes.Length];
        var pages = new PageBatch[nodes.Length];
        try
        {
            Parallel.For(0, nodes.Length, i =>
            {
                pages[i] = new PageBatch();
                var (prepared, changes) = changesOf(nodes[i]);
                built[i] = prepared is not null ? nodes[i] with { Manifest = prepared }
                    : this.WithStagedChanges(nodes[i], changes!, pages[i]);
            });
        }
        catch (AggregateException ex)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
        foreach (var nodePages in pages)
            batch.AddAll(nodePages);
        return built;
    }

    /// <summary>
    /// Builds now what a commit would build for the nodes with many staged changes, to keep with
    /// the staging area (<see cref="KeepPrepared"/>) so that the commit after an import links it;
    /// null when no node has enough changes.
    /// </summary>
    private PreparedBuild? PrepareManifests(ManifestsInAdvance? inAdvance)
    {
        // A column whose builder holds its changes is prepared however few they are: its tree is built.
        var nodes = this.Staging.Tree.Nodes
            .Where(n => n.HasManifest && this.Staging.PreparedFor(n) is null && this.Staging.ChangesFor(n.Id) is var changes && (changes.IsHeld || changes.Count >= PrepareAtChanges))
            .ToArray();
        if (nodes.Length == 0)
            return null;
        var batch = new PageBatch();
        var advanced = new Dictionary<string, ManifestRef>();
        foreach (var node in nodes)
        {
            if (inAdvance?.Take(node, this.Staging.ChangesFor(node.Id)) is var (manifest, pages))
            {
                advanced[node.Id] = manifest;
                batch.AddAll(pages);
            }
        }
        var built = this.BuildManifests(nodes, batch, node =>
            advanced.TryGetValue(node.Id, out var manifest) ? (manifest, null) : (null, this.Staging.ChangesFor(node.Id).InKeyOrder()));
        return new PreparedBuild(nodes, built, batch, advanced);
    }

    /// <summary>Manifests built for an operation's commit: the nodes, as built, their pages, and those built while it staged.</summary>
    private sealed record PreparedBuild(NodeRecord[] Nodes, NodeRecord[] Built, PageBatch Pages, IReadOnlyDictionary<string, ManifestRef> InAdvance);

    /// <summary>Stores prepared manifests' pages and records them with the staging area as it is now; the caller holds a transaction in which the changes are persisted.</summary>
    private void KeepPrepared(PreparedBuild? prepared)
    {
        if (prepared is not var (nodes, built, batch, _))
            return;
        this.Repo.Pages.Write(batch);
        this.Staging.SetPrepared(nodes.Zip(built, (node, after) => (node, after.Manifest)));
    }

    private NodeRecord WithStagedChanges(NodeRecord node, EntryList staged, PageBatch batch)
    {
        if (!node.HasManifest || staged.Count == 0)
            return node;
        long count = node.Manifest.Count;
        var effective = staged;
        if (!node.Manifest.IsEmpty)
        {
            effective = new EntryList(staged.Count);
            var committed = this.Repo.Manifests.LookupSorted(node.Manifest, staged);
            for (int i = 0; i < staged.Count; i++)
            {
                var key = staged.Key(i);
                var value = staged.Value(i);
                var before = committed[i];
                if (before == (value.IsZero ? null : value))
                    continue;
                count += before is null ? 1 : value.IsZero ? -1 : 0;
                effective.Add(key, value);
            }
        }
        else
        {
            // Nothing to compare with: every staged removal is of a key that is not there.
            effective = Present(staged);
            count = effective.Count;
        }
        return node with { Manifest = this.Repo.Manifests.Apply(node.Manifest, effective, count, batch) };
    }

    /// <summary>The entries that are not removals (the list itself when it holds none).</summary>
    private static EntryList Present(EntryList entries)
    {
        int i = 0;
        while (i < entries.Count && !entries.Value(i).IsZero)
            i++;
        if (i == entries.Count)
            return entries;
        var present = new EntryList(entries.Count);
        for (i = 0; i < entries.Count; i++)
        {
            if (!entries.Value(i).IsZero)
                present.Add(entries.Key(i), entries.Value(i));
        }
        return present;
    }
}
