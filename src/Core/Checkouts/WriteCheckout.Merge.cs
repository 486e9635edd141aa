using Tessera.History;
using Tessera.Manifests;

namespace Tessera;

public sealed partial class WriteCheckout
{
    /// <summary>
    /// Merges a revision into this branch: fast-forward when possible, else three-way at sample
    /// granularity. Conflicts are staged (strategy <c>fail</c>) or resolved wholesale.
    /// </summary>
    public MergeResult Merge(string revision, MergeOptions? options = null)
    {
        options ??= new MergeOptions();
        lock (this.gate)
        {
            ObjectDisposedException.ThrowIf(this.disposed, this);
            if (this.Staging.IsMerging)
                throw new StateException(ErrorCode.MergeInProgress, $"A {this.Staging.MergeKind.Name()} is in progress: finish it (resolve its conflicts, then {this.FinishVerb}) or abort it.").With(ErrorDetail.Operation, this.Staging.MergeKind.Name());
            if (this.Staging.HasChanges)
                throw new StateException(ErrorCode.StagedChanges, "There are staged changes: commit or reset them before merging.");
            var theirs = this.Repo.Lookup(revision);
            var commits = this.Repo.CommitStore;
            var ours = this.Staging.Base;
            if (ours is { } o && (o == theirs.Id || Ancestry.IsAncestor(commits, theirs.Id, o)))
                return new MergeResult(MergeStatus.UpToDate, commits.Get(o), []);
            if (ours is null && options.Squash)
                throw new StateException(ErrorCode.EmptyCommit, "The branch has no commit yet to squash onto: merge without squashing.");
            if (ours is null || Ancestry.IsAncestor(commits, ours.Value, theirs.Id) && !options.NoFastForward && !options.Squash)
            {
                this.Repo.Db.InTransaction(() =>
                {
                    this.blobs.FlushIndex();
                    this.Repo.Refs.CompareAndSet(this.Branch, ours, theirs.Id);
                    this.Staging.Reset(theirs.Id, this.Repo.LoadTree(theirs));
                }, durable: true);
                return new MergeResult(MergeStatus.FastForward, theirs, []);
            }

            var mergeBase = Ancestry.MergeBase(commits, ours.Value, theirs.Id);
            var baseTree = mergeBase is { } mb ? this.Repo.LoadTree(commits.Get(mb)) : NodeTree.Empty;
            var theirTree = this.Repo.LoadTree(theirs);
            var plan = MergeEngine.Plan(this.Repo.Manifests, baseTree, this.Staging.BaseTree, theirTree, this.Repo.Blobs.SameSample);
            this.Staging.SetTree(plan.Tree);
            foreach (var (node, list) in plan.Changes)
            {
                foreach (var (key, value) in list)
                    this.Staging.Stage(node, key, value);
            }
            this.Staging.Conflicts.AddRange(plan.Conflicts);
            if (options.Squash)
                this.Staging.BeginMerge(theirs.Id, options.Message ?? $"Squashed '{revision}' into {this.Branch}", MergeKind.Squash, theirs.Id);
            else
                this.Staging.BeginMerge(theirs.Id, options.Message ?? $"Merge '{revision}' into {this.Branch}");
            if (options.Strategy == MergeStrategy.Theirs)
                this.ResolveLocked(this.Staging.Conflicts.ToList(), MergeSide.Theirs, theirTree);
            else if (options.Strategy == MergeStrategy.Ours)
                this.Staging.Conflicts.Clear();

            if (this.Staging.Conflicts.Count > 0)
            {
                this.PersistLocked();
                return new MergeResult(MergeStatus.Conflicts, null, this.ConflictsLocked());
            }
            if (options.Squash)
            {
                this.PersistLocked();
                return new MergeResult(MergeStatus.Squashed, null, []);
            }
            var commit = this.CommitLocked(this.Staging.MergeMessage!, new CommitOptions { Author = options.Author }, allowQueued: false);
            return new MergeResult(MergeStatus.Merged, commit, []);
        }
    }

    /// <summary>The unresolved conflicts of the merge in progress.</summary>
    public IReadOnlyList<Conflict> Conflicts
    {
        get
        {
            lock (this.gate)
            {
                return this.ConflictsLocked();
            }
        }
    }

    /// <summary>
    /// Resolves the conflicts of nodes matching <paramref name="pathGlob"/> (and of one key, when
    /// given) by taking one side. Returns how many were resolved. Writing a new value to a
    /// conflicted key (or setting a conflicted attribute) also resolves it.
    /// </summary>
    public int Resolve(string pathGlob, string? key, MergeSide side)
    {
        lock (this.gate)
        {
            if (!this.Staging.IsMerging)
                throw new StateException(ErrorCode.NoMergeInProgress, "No merge is in progress.");
            var theirTree = ConflictDescriber.TheirTree(this.Repo, this.Staging);
            var match = Glob.Matcher(pathGlob);
            var selected = this.Staging.Conflicts.Where(c =>
                match(ConflictDescriber.PathOf(this.Staging, c.Node, theirTree)) && (key is null || ConflictDescriber.FormatKey(c) == key)).ToList();
            if (selected.Count == 0)
            {
                throw new NotFoundException(ErrorCode.KeyNotFound,
                    $"No conflict matches '{pathGlob}'{(key is null ? "" : $" key {key}")}; none of the merge's conflicts is there.").With(ErrorDetail.Area, "conflicts");
            }
            this.ResolveLocked(selected, side, theirTree);
            this.PersistLocked();
            return selected.Count;
        }
    }

    /// <summary>Abandons the merge (or cherry-pick, revert, squash) in progress and everything it staged.</summary>
    public void AbortMerge()
    {
        lock (this.gate)
        {
            if (!this.Staging.IsMerging)
                throw new StateException(ErrorCode.NoMergeInProgress, "No merge is in progress.");
        }
        this.Reset();
    }

    /// <summary>Branch, head, merge state and the staged changes (counts; keys when asked).</summary>
    public StatusResult Status(DiffOptions? options = null)
    {
        lock (this.gate)
        {
            var head = this.Staging.Base is { } b ? this.Repo.CommitStore.Get(b) : null;
            var staged = this.DiffLocked(this.Staging.BaseTree, head?.ShortId ?? "(empty)", options ?? new DiffOptions { IncludeKeys = false });
            var mergeBase = Ancestry.MergeBaseOf(this.Repo.CommitStore, this.Staging);
            return new StatusResult(this.Branch, head, this.Staging.MergeHead, mergeBase, this.ConflictsLocked(), staged) { MergeKind = this.Staging.MergeKind, MergeSource = this.Staging.MergeSource };
        }
    }

    /// <summary>Differences between a revision (default the branch tip) and the staging area.</summary>
    public DiffResult DiffStaged(string? revision = null, DiffOptions? options = null)
    {
        lock (this.gate)
        {
            var from = revision is null ? this.Staging.BaseTree : this.Repo.LoadTree(this.Repo.Lookup(revision));
            return this.DiffLocked(from, revision ?? "HEAD", options ?? new DiffOptions());
        }
    }

    private DiffResult DiffLocked(NodeTree from, string fromName, DiffOptions options)
    {
        if (options.Numeric && this.blobs.PendingCount > 0)
            this.PersistLocked();
        return DiffEngine.Compare(this.Repo, from, this.Staging.Tree, options, fromName, "staging", id => this.Staging.ChangesFor(id));
    }

    private void ResolveLocked(List<ConflictRecord> conflicts, MergeSide side, NodeTree theirTree)
    {
        foreach (var c in conflicts)
        {
            if (side == MergeSide.Theirs)
                this.TakeTheirs(c, theirTree);
            this.Staging.Conflicts.Remove(c);
        }
    }

    private void TakeTheirs(ConflictRecord c, NodeTree theirTree)
    {
        var tree = this.Staging.Tree;
        var theirs = theirTree.FindById(c.Node);
        switch (c.Kind)
        {
            case ConflictKind.AddedBoth or ConflictKind.MutatedBoth or ConflictKind.RemovedMutated or ConflictKind.MutatedRemoved when c.Key.Length > 0:
                this.Staging.Stage(c.Node, c.Key, c.Theirs ?? ObjectId.Zero);
                return;
            case ConflictKind.Attribute:
                var node = tree.FindById(c.Node)!;
                var attrs = CanonicalJson.ParseObject(node.Attributes);
                var name = System.Text.Encoding.UTF8.GetString(c.Key);
                var theirAttrs = CanonicalJson.ParseObject(theirs?.Attributes ?? "{}");
                if (theirAttrs.ContainsKey(name))
                    attrs[name] = theirAttrs[name]?.DeepClone();
                else
                    attrs.Remove(name);
                this.Staging.SetTree(tree.With(node with { Attributes = CanonicalJson.Serialize(attrs) }));
                return;
            default:
                if (tree.FindById(c.Node) is { } mine)
                    tree = tree.Without(mine.Path);
                this.Staging.DropNode(c.Node);
                if (theirs is not null)
                {
                    if (tree.Find(theirs.Path) is { } clash)
                    {
                        tree = tree.Without(clash.Path);
                        this.Staging.DropNode(clash.Id);
                    }
                    tree = tree.With(theirs);
                }
                this.Staging.SetTree(tree);
                return;
        }
    }

    private List<Conflict> ConflictsLocked() => ConflictDescriber.Describe(this.Repo, this.Staging);
}
