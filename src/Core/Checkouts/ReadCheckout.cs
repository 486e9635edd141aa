using System.Text.Json.Nodes;

namespace Tessera;

/// <summary>
/// A read-only view of the dataset at one commit. It never changes, whatever other writers
/// commit meanwhile, and it takes no lock.
/// </summary>
public sealed class ReadCheckout : IReadView
{
    private readonly Repository repo;
    private readonly NodeTree tree;

    internal ReadCheckout(Repository repo, Commit commit)
    {
        this.repo = repo;
        this.Commit = commit;
        this.tree = repo.LoadTree(commit);
    }

    public Commit Commit { get; }

    public Repository Repository => this.repo;

    public IReadOnlyList<NodeInfo> Nodes => this.tree.Nodes.Select(n => NodeInfo.From(n, n.Manifest.Count)).ToList();

    public NodeInfo Node(string path) => NodeInfo.From(this.tree.Get(Names.NormalizePath(path)), this.tree.Get(Names.NormalizePath(path)).Manifest.Count);

    public CommittedColumn Column(string path) => new(this.repo, this.tree.GetColumn(Names.NormalizePath(path)));

    ColumnSnapshot IReadView.Column(string path) => this.Column(path);

    public ArrayReader Array(string path)
    {
        var node = this.tree.GetArray(Names.NormalizePath(path));
        return new ArrayReader(this.repo, () => node, (n, key) => this.repo.Manifests.Lookup(n.Manifest, key));
    }

    /// <summary>An array's stored chunks (those not all fill value) as grid coordinates in C order, reading no chunk bytes.</summary>
    public IEnumerable<long[]> StoredChunks(string path)
    {
        var node = this.tree.GetArray(Names.NormalizePath(path));
        return this.repo.Manifests.Enumerate(node.Manifest).Select(entry => Arrays.ChunkKeys.Decode(entry.Key));
    }

    public JsonObject Attributes(string path) => CanonicalJson.ParseObject(this.tree.Get(Names.NormalizePath(path)).Attributes);
}
