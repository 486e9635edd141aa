using Tessera.History;
using Tessera.Manifests;
using Tessera.Storage;

namespace Tessera;

/// <summary>Changing history on the current branch: cherry-pick, revert, reset to a revision.</summary>
public sealed partial class WriteCheckout
{
    /// <summary>
    /// Applies the changes of each commit, in order, onto the branch, one new commit each (same
    /// message and author, new time). Each is a three-way merge of the commit against its parent
    /// (<see cref="PickOptions.Mainline"/> for a merge commit), so it stops at conflicts like a
    /// merge: resolve them, then <see cref="ContinuePick"/>, or <see cref="AbortMerge"/>.
    /// A commit whose changes are already on the branch is skipped.
    /// </summary>
    public PickResult CherryPick(IReadOnlyList<string> revisions, PickOptions? options = null)
    {
        if (revisions.Count == 0)
            throw new InvalidInputException(ErrorCode.Usage, "Name at least one commit to cherry-pick.");
        lock (this.gate)
        {
            this.CheckCleanFor("a cherry-pick");
            var queue = revisions.Select(r => this.Repo.Lookup(r).Id).ToList();
            return this.PickLocked(MergeKind.CherryPick, queue, options ?? new PickOptions(), []);
        }
    }

    /// <summary>
    /// Makes a new commit that undoes <paramref name="revision"/>'s changes (against its parent, or
    /// <see cref="PickOptions.Mainline"/> for a merge commit). Conflicts stop it as in
    /// <see cref="CherryPick"/>.
    /// </summary>
    public PickResult Revert(string revision, PickOptions? options = null)
    {
        lock (this.gate)
        {
            this.CheckCleanFor("a revert");
            return this.PickLocked(MergeKind.Revert, [this.Repo.Lookup(revision).Id], options ?? new PickOptions(), []);
        }
    }

    /// <summary>Commits the cherry-pick or revert whose conflicts were resolved, then applies the commits still queued.</summary>
    public PickResult ContinuePick()
    {
        lock (this.gate)
        {
            var kind = this.Staging.MergeKind;
            if (!this.Staging.IsMerging || kind is not (MergeKind.CherryPick or MergeKind.Revert))
                throw new StateException(ErrorCode.NoMergeInProgress, "No cherry-pick or revert is in progress.");
            var source = this.Repo.CommitStore.Get(this.Staging.MergeSource!.Value);
            var remaining = this.Staging.MergeTodo.ToList();
            var message = this.Staging.MergeMessage!;
            var commit = this.CommitLocked(message, new CommitOptions { Author = this.PickAuthor(kind, source) }, allowQueued: true);
            return this.PickLocked(kind, remaining, new PickOptions(), [commit]);
        }
    }

    /// <summary>
    /// Moves the current branch to <paramref name="revision"/>. <see cref="ResetMode.Hard"/> makes the
    /// staging area the new tip (dropping staged changes and a merge in progress);
    /// <see cref="ResetMode.Soft"/> keeps everything the branch and the staging area held as staged
    /// changes against the new tip. Refuses to leave commits on no branch or tag unless
    /// <paramref name="force"/>; the ref log names them either way.
    /// </summary>
    public BranchMove ResetTo(string revision, ResetMode mode, bool force = false)
    {
        lock (this.gate)
        {
            ObjectDisposedException.ThrowIf(this.disposed, this);
            if (mode == ResetMode.Soft && this.Staging.IsMerging)
                throw new StateException(ErrorCode.MergeInProgress, $"A {this.Staging.MergeKind.Name()} is in progress: finish or abort it before a soft reset, which keeps the staged changes.").With(ErrorDetail.Operation, this.Staging.MergeKind.Name());
            var target = this.Repo.Lookup(revision);
            var old = this.Staging.Base;
            var dropped = Ancestry.DroppedByMove(this.Repo, this.Branch, old, target.Id);
            if (dropped.Count > 0 && !force)
            {
                throw new StateException(ErrorCode.UnmergedBranch,
                    $"Moving {this.Branch} to {target.ShortId} leaves {dropped.Count} commit(s) on no branch or tag ({Listed(dropped)}); keep them on a branch first, or force the reset.")
                    .With(ErrorDetail.Branch, this.Branch).With(ErrorDetail.Revision, revision).With(ErrorDetail.Wanted, "reset");
            }
            var targetTree = this.Repo.LoadTree(target);
            (NodeTree Tree, Dictionary<string, List<KeyValuePair<byte[], ObjectId>>> Changes)? kept = mode == ResetMode.Soft ? this.StagedAgainst(targetTree) : null;
            DiskReserve.Retry(this.Repo.Root, () => this.Repo.Db.InTransaction(() =>
            {
                this.blobs.FlushIndex();
                this.Repo.Refs.CompareAndSet(this.Branch, old, target.Id);
                this.Staging.Reset(target.Id, targetTree);
                if (kept is { } soft)
                {
                    this.Staging.SetTree(soft.Tree);
                    foreach (var (node, list) in soft.Changes)
                    {
                        foreach (var (key, value) in list)
                            this.Staging.Stage(node, key, value);
                    }
                    this.Staging.Persist();
                }
            }, durable: true));
            this.Repo.Db.Checkpoint();
            return new BranchMove(this.Branch, old, target, dropped);
        }
    }

    /// <summary>What finishes the merge in progress once its conflicts are resolved: a commit, or continuing a cherry-pick or revert.</summary>
    private string FinishVerb => this.Staging.MergeKind is MergeKind.CherryPick or MergeKind.Revert ? "continue it" : "commit";

    /// <summary>Refuses <paramref name="what"/> ("a revert") during a merge, with staged changes, or on a branch without commits.</summary>
    private void CheckCleanFor(string what)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        if (this.Staging.IsMerging)
            throw new StateException(ErrorCode.MergeInProgress, $"A {this.Staging.MergeKind.Name()} is in progress: finish it (resolve its conflicts, then {this.FinishVerb}) or abort it before {what}.").With(ErrorDetail.Operation, this.Staging.MergeKind.Name());
        if (this.Staging.HasChanges)
            throw new StateException(ErrorCode.StagedChanges, $"There are staged changes: commit or discard them before {what}.");
        if (this.Staging.Base is null)
            throw new StateException(ErrorCode.EmptyCommit, $"The branch has no commit yet: there is nothing for {what} to work on.");
    }

    /// <summary>Applies <paramref name="queue"/> one commit at a time; <paramref name="made"/> are commits made before (by a continue).</summary>
    private PickResult PickLocked(MergeKind kind, List<ObjectId> queue, PickOptions options, List<Commit> made)
    {
        var skipped = new List<ObjectId>();
        for (int i = 0; i < queue.Count; i++)
        {
            var source = this.Repo.CommitStore.Get(queue[i]);
            var (before, beforeId, after, theirs) = this.Sides(kind, source, options.Mainline);
            var plan = MergeEngine.Plan(this.Repo.Manifests, before, this.Staging.BaseTree, after, this.Repo.Blobs.SameSample);
            if (plan.Conflicts.Count == 0 && plan.Changes.Values.All(c => c.Count == 0)
                && plan.Tree.Encode().AsSpan().SequenceEqual(this.Staging.BaseTree.Encode()))
            {
                skipped.Add(source.Id);
                continue;
            }
            this.Staging.SetTree(plan.Tree);
            foreach (var (node, list) in plan.Changes)
            {
                foreach (var (key, value) in list)
                    this.Staging.Stage(node, key, value);
            }
            this.Staging.Conflicts.AddRange(plan.Conflicts);
            string message = kind == MergeKind.Revert
                ? $"Revert \"{source.Message.Split('\n')[0]}\"\n\nThis reverts commit {source.Id}."
                : source.Message;
            var remaining = queue.Skip(i + 1).ToList();
            this.Staging.BeginMerge(theirs, message, kind, source.Id, remaining, beforeId);
            if (this.Staging.Conflicts.Count > 0)
            {
                this.PersistLocked();
                return new PickResult(kind, PickStatus.Conflicts, made, skipped, source.Id, this.ConflictsLocked(), remaining);
            }
            made.Add(this.CommitLocked(message, new CommitOptions { Author = this.PickAuthor(kind, source) }, allowQueued: true));
        }
        return new PickResult(kind, PickStatus.Done, made, skipped, null, [], []);
    }

    /// <summary>
    /// The two trees whose difference is applied (and the commit of the first), and the commit that stands for "theirs" while
    /// conflicts are open: a cherry-pick goes from the parent to the commit, a revert back from the
    /// commit to the parent.
    /// </summary>
    private (NodeTree Before, ObjectId? BeforeId, NodeTree After, ObjectId Theirs) Sides(MergeKind kind, Commit source, int? mainline)
    {
        if (source.Parents.Count > 1 && mainline is null)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Commit {source.ShortId} is a merge: say which parent its changes are taken against (mainline 1 to {source.Parents.Count}).");
        if (source.Parents.Count <= 1 && mainline is not null)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Commit {source.ShortId} is not a merge: a mainline parent applies only to merge commits.");
        if (mainline is { } m && (m < 1 || m > source.Parents.Count))
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Commit {source.ShortId} has {source.Parents.Count} parents: the mainline is 1 to {source.Parents.Count}, not {m}.");
        ObjectId? parentId = source.Parents.Count == 0 ? null : source.Parents[(mainline ?? 1) - 1];
        var parent = parentId is { } p ? this.Repo.CommitStore.Get(p) : null;
        var parentTree = this.Repo.LoadTree(parent);
        var sourceTree = this.Repo.LoadTree(source);
        if (kind == MergeKind.CherryPick)
            return (parentTree, parent?.Id, sourceTree, source.Id);
        if (parent is null)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Commit {source.ShortId} is the first commit: there is nothing before it to go back to. Remove its nodes in a new commit instead.");
        return (sourceTree, source.Id, parentTree, parent.Id);
    }

    /// <summary>A cherry-pick keeps the author of the change; a revert is the current user's. The time is now: the commit is new.</summary>
    private Signature PickAuthor(MergeKind kind, Commit source) =>
        kind == MergeKind.CherryPick ? source.Author with { When = DateTimeOffset.Now } : this.Repo.Identity();

    /// <summary>
    /// For a soft reset and an amend: the staged tree and changes (sorted by key) that keep today's
    /// content (the branch tip plus what is staged) on top of <paramref name="target"/>. Each node keeps its id; its manifest
    /// becomes the target's (empty where the target lacks the node), and every key whose value
    /// differs from the target's is staged. Unchanged parts of manifests are never read.
    /// </summary>
    private (NodeTree Tree, Dictionary<string, List<KeyValuePair<byte[], ObjectId>>> Changes) StagedAgainst(NodeTree target)
    {
        var manifests = this.Repo.Manifests;
        var nodes = new List<NodeRecord>();
        var changes = new Dictionary<string, List<KeyValuePair<byte[], ObjectId>>>();
        foreach (var node in this.Staging.Tree.Nodes)
        {
            if (!node.HasManifest)
            {
                nodes.Add(node);
                continue;
            }
            var onTarget = target.FindById(node.Id) is { HasManifest: true } t ? t.Manifest : ManifestRef.Empty;
            var staged = this.Staging.ChangesFor(node.Id);
            var keys = manifests.CandidateChanges(onTarget, node.Manifest);
            keys.UnionWith(staged.Keys);
            var list = new List<KeyValuePair<byte[], ObjectId>>();
            foreach (var key in keys)
            {
                ObjectId? now = staged.TryGetValue(key, out var s) ? (s.IsZero ? null : s) : manifests.Lookup(node.Manifest, key);
                if (now != manifests.Lookup(onTarget, key))
                    list.Add(new(key, now ?? ObjectId.Zero));
            }
            list.Sort((a, b) => KeyComparer.Instance.Compare(a.Key, b.Key));
            changes[node.Id] = list;
            nodes.Add(node with { Manifest = onTarget });
        }
        return (new NodeTree(nodes), changes);
    }

    private static string Listed(List<Commit> commits) =>
        string.Join(", ", commits.Take(5).Select(c => c.ShortId)) + (commits.Count > 5 ? $" and {commits.Count - 5} more" : "");
}
