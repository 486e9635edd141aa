using Tessera.History;
using Tessera.Manifests;
using Tessera.Staging;

namespace Tessera;

/// <summary>
/// The staging area as it is on disk, read without the writer lock: what <c>status</c>,
/// <c>diff</c>, <c>conflicts</c> and <c>get</c> show while another process may be writing. It is a
/// snapshot taken when opened; changes the writer has not flushed yet are not in it.
/// </summary>
public sealed class StagedView : IReadView
{
    private readonly Repository repo;
    private readonly StagingArea staging;

    private StagedView(Repository repo, StagingArea staging, string branch)
    {
        this.repo = repo;
        this.staging = staging;
        this.Branch = branch;
    }

    /// <summary>The branch the writer works on.</summary>
    public string Branch { get; }

    /// <summary>The commit the staged changes are on; null on a branch without commits.</summary>
    public Commit? BaseCommit => this.staging.Base is { } id ? this.repo.CommitStore.Get(id) : null;

    public bool IsMerging => this.staging.IsMerging;

    public bool HasStagedChanges => this.staging.HasChanges;

    public static StagedView Open(Repository repo)
    {
        if (repo.Detached is { } detached)
            return new StagedView(repo, StagingArea.Nothing(repo.Db, repo.Manifests, detached.Id, repo.LoadTree(detached)), repo.HeadBranch);
        var head = repo.Head;
        return new StagedView(repo, StagingArea.Load(repo.Db, repo.Manifests, head?.Id, repo.LoadTree(head)), repo.HeadBranch);
    }

    /// <summary>Branch, head, merge state and staged changes, as <see cref="WriteCheckout.Status"/> reports them.</summary>
    public StatusResult Status(DiffOptions? options = null) =>
        new(this.Branch, this.BaseCommit, this.staging.MergeHead, Ancestry.MergeBaseOf(this.repo.CommitStore, this.staging), this.Conflicts,
            this.Diff(null, options ?? new DiffOptions { IncludeKeys = false }))
        {
            MergeKind = this.staging.MergeKind,
            MergeSource = this.staging.MergeSource,
            Operation = this.Operation,
            IsDetached = this.repo.Detached is not null,
        };

    /// <summary>An operation (an import) that is running or was interrupted; its samples are not staged.</summary>
    public StagedOperationState? Operation
    {
        get
        {
            if (this.staging.Interrupted is not { } operation)
                return null;
            var holder = this.repo.LockStatus();
            bool running = holder is { IsStale: false } && holder.ProcessId == operation.Info.ProcessId && holder.Host == operation.Info.Host;
            return new StagedOperationState(operation.Info, this.staging.CountOperationSamples(), running);
        }
    }

    /// <summary>Differences between a revision (default the branch tip) and the staging area.</summary>
    public DiffResult Diff(string? revision = null, DiffOptions? options = null)
    {
        var from = revision is null ? this.staging.BaseTree : this.repo.LoadTree(this.repo.Lookup(revision));
        string fromName = revision ?? this.BaseCommit?.ShortId ?? "(empty)";
        // A node whose prepared manifest still holds is compared as that manifest, which is what its
        // commit will link: an import's millions of staged samples are then not read back to be counted.
        var to = this.staging.Tree;
        var prepared = new HashSet<string>();
        foreach (var node in to.Nodes)
        {
            if (this.staging.PreparedFor(node) is { } manifest)
            {
                to = to.With(node with { Manifest = manifest });
                prepared.Add(node.Id);
            }
        }
        return DiffEngine.Compare(this.repo, from, to, options ?? new DiffOptions(), fromName, "staging",
            node => prepared.Contains(node) ? null : this.staging.PassOver(node));
    }

    /// <summary>The unresolved conflicts of the merge in progress.</summary>
    public IReadOnlyList<Conflict> Conflicts => ConflictDescriber.Describe(this.repo, this.staging);

    /// <summary>The staged node tree with sample counts that include staged changes.</summary>
    public IReadOnlyList<NodeInfo> Nodes => this.staging.Tree.Nodes.Select(n => NodeInfo.From(n, () => this.StagedCount(n))).ToList();

    /// <summary>The staging area has no commit of its own (see <see cref="BaseCommit"/>).</summary>
    Commit? IReadView.Commit => null;

    Repository IReadView.Repository => this.repo;

    /// <summary>A node as staged, its count including staged changes.</summary>
    public NodeInfo Node(string path)
    {
        var node = this.staging.Tree.Get(Names.NormalizePath(path));
        return NodeInfo.From(node, () => this.StagedCount(node));
    }

    /// <summary>A node's count with its staged changes applied, from its own changes only.</summary>
    private long StagedCount(NodeRecord node) =>
        this.staging.PreparedFor(node)?.Count ?? this.repo.Manifests.CountWith(node.Manifest, this.staging.PassOver(node.Id).InKeyOrder());

    /// <summary>A column's samples as staged (committed values overlaid with staged changes).</summary>
    public ColumnSnapshot Column(string path)
    {
        var node = this.staging.Tree.GetColumn(Names.NormalizePath(path));
        // Its prepared manifest, while it holds, is the column as staged: a key is looked up in its
        // pages instead of an import's millions of staged samples being read back first.
        if (this.staging.PreparedFor(node) is { } prepared)
            return new CommittedColumn(this.repo, node with { Manifest = prepared });
        var changes = this.staging.ChangesFor(node.Id);
        if (changes.Count == 0)
            return new CommittedColumn(this.repo, node);
        return new ColumnSnapshot(this.repo, node, key => this.Resolve(node, key),
            () => ManifestStore.MergeOverlay(this.repo.Manifests.Enumerate(node.Manifest), changes.InKeyOrder()),
            () => this.repo.Manifests.CountWith(node.Manifest, changes.InKeyOrder()));
    }

    /// <summary>An array as staged.</summary>
    public ArrayReader Array(string path)
    {
        var node = this.staging.Tree.GetArray(Names.NormalizePath(path));
        return new ArrayReader(this.repo, () => node, this.Resolve);
    }

    /// <summary>An array's stored chunks as staged, as grid coordinates in C order.</summary>
    public IEnumerable<long[]> StoredChunks(string path)
    {
        var node = this.staging.Tree.GetArray(Names.NormalizePath(path));
        return ManifestStore.MergeOverlay(this.repo.Manifests.Enumerate(node.Manifest), this.staging.ChangesFor(node.Id).InKeyOrder())
            .Select(entry => Arrays.ChunkKeys.Decode(entry.Key));
    }

    private ObjectId? Resolve(NodeRecord node, byte[] key) =>
        this.staging.TryGetChange(node.Id, key, out var id) ? (id.IsZero ? null : id) : this.repo.Manifests.Lookup(node.Manifest, key);

    /// <summary>A node's attributes as staged.</summary>
    public System.Text.Json.Nodes.JsonObject Attributes(string path) =>
        CanonicalJson.ParseObject(this.staging.Tree.Get(Names.NormalizePath(path)).Attributes);
}
