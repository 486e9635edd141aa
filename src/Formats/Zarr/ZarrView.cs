namespace Tessera.Formats.Zarr;

/// <summary>
/// A group (recursively) or array, as staged or at a commit, as a Zarr v3 store computed key by key:
/// what <see cref="ZarrExporter"/> writes to a folder and the HTTP view serves. Listing keys reads no
/// chunk bytes; <see cref="Find"/> computes one zarr.json or one chunk. Safe to use from several
/// threads. Columns of fixed-shape samples are arrays along a first "key" axis
/// (<see cref="ZarrColumnArrayNode"/>); other columns are left out and named in their group's
/// attribute <c>_tessera_omitted_columns</c>.
/// </summary>
public sealed class ZarrView
{
    /// <summary>The key of every node's metadata, in the node's folder.</summary>
    public const string MetadataFile = ZarrStore.MetadataFile;

    private readonly Dictionary<string, ZarrViewNode> byFolder;

    private ZarrView(IReadView view, string path, List<ZarrViewNode> nodes, List<string> omitted)
    {
        this.Source = view;
        this.Path = path;
        this.Nodes = nodes;
        this.OmittedColumns = omitted;
        this.byFolder = nodes.ToDictionary(n => n.Prefix.TrimEnd('/'), StringComparer.Ordinal);
    }

    /// <summary>What is read: a commit or the staging area.</summary>
    public IReadView Source { get; }

    /// <summary>The path of the store's root node; "/" for the whole dataset.</summary>
    public string Path { get; }

    /// <summary>The columns left out (no fixed shape, not numbers, or nested), by path.</summary>
    public IReadOnlyList<string> OmittedColumns { get; }

    public int Groups => this.Nodes.Count(n => n.Grid is null);

    public int Arrays => this.Nodes.Count(n => n.Grid is not null);

    /// <summary>Every node, parents first.</summary>
    internal IReadOnlyList<ZarrViewNode> Nodes { get; }

    /// <summary>
    /// The store of <paramref name="path"/> ("/" for the whole dataset, as a root group without
    /// attributes) in <paramref name="view"/>, chunks gzip-compressed or not.
    /// </summary>
    public static ZarrView Open(IReadView view, string path, bool gzip = true)
    {
        string root = path.Trim() == "/" ? "/" : Names.NormalizePath(path);
        var below = view.Nodes.Where(n => root == "/" || n.Path == root || n.Path.StartsWith(root + "/", StringComparison.Ordinal))
            .OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
        if (root != "/")
        {
            var top = view.Node(root);
            if (top.Kind == NodeKind.Column)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{top.Path}' is a column; Zarr holds groups and arrays. Export a column as .npy, or an array or group here.").With(ErrorDetail.Path, top.Path).With(ErrorDetail.Wanted, "array");
        }
        var omitted = below.Where(n => n.Kind == NodeKind.Column && ZarrColumnArrayNode.Omission(n.Schema!) is not null).ToList();
        var omittedByGroup = omitted
            .GroupBy(n => Names.ParentOf(n.Path), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.ToDictionary(n => Names.LeafOf(n.Path), n => ZarrColumnArrayNode.Omission(n.Schema!)!, StringComparer.Ordinal), StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> Omitted(string group) => omittedByGroup.GetValueOrDefault(group) ?? new Dictionary<string, string>();
        string Prefix(string nodePath)
        {
            string relative = root == "/" ? nodePath[1..] : nodePath[root.Length..].TrimStart('/');
            return relative.Length == 0 ? "" : relative + "/";
        }

        var nodes = new List<ZarrViewNode>();
        if (root == "/")
            nodes.Add(new ZarrGroupNode("/", "", [], Omitted("/")));
        foreach (var node in below)
        {
            switch (node.Kind)
            {
                case NodeKind.Group:
                    nodes.Add(new ZarrGroupNode(node.Path, Prefix(node.Path), node.Attributes, Omitted(node.Path)));
                    break;
                case NodeKind.Array:
                    nodes.Add(new ZarrArrayNode(node.Path, Prefix(node.Path), node, view, gzip));
                    break;
                case NodeKind.Column when ZarrColumnArrayNode.Omission(node.Schema!) is null:
                    nodes.Add(new ZarrColumnArrayNode(node.Path, Prefix(node.Path), node, view, gzip));
                    break;
            }
        }
        return new ZarrView(view, root, nodes, omitted.Select(n => n.Path).ToList());
    }

    /// <summary>Every key (each node's zarr.json, then its chunks), parents first, those starting with <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Keys(string prefix = "")
    {
        foreach (var node in this.Nodes)
        {
            // Only the node's own folder holds its keys; skip the chunk listing of nodes elsewhere.
            if (!node.Prefix.StartsWith(prefix, StringComparison.Ordinal) && !prefix.StartsWith(node.Prefix, StringComparison.Ordinal))
                continue;
            string metadata = node.Prefix + ZarrStore.MetadataFile;
            if (metadata.StartsWith(prefix, StringComparison.Ordinal))
                yield return metadata;
            foreach (var coords in node.Chunks())
            {
                string key = node.Prefix + ChunkKeyEncoding.Default.Key(coords);
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                    yield return key;
            }
        }
    }

    /// <summary>The keys starting with <paramref name="prefix"/>, as a JSON array of strings, in <see cref="Keys"/> order.</summary>
    public ZarrEntry List(string prefix) => new(prefix, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this.Keys(prefix).ToList()));

    /// <summary>
    /// The value of <paramref name="key"/>. An unknown node is <see cref="ErrorCode.NodeNotFound"/>; a chunk
    /// not written (outside the grid, or only the fill value) and a key that cannot be one (empty, "."
    /// or ".." segments, other characters, v2 names such as ".zattrs") <see cref="ErrorCode.KeyNotFound"/>:
    /// not found, as readers that probe keys expect, and naming what was asked for.
    /// </summary>
    public ZarrEntry Find(string key)
    {
        var segments = key.Split('/');
        string folder = "";
        for (int i = 0; i < segments.Length; i++)
        {
            var node = this.byFolder[folder];
            string segment = segments[i];
            if (segment == ZarrStore.MetadataFile && i == segments.Length - 1)
                return new ZarrEntry(key, ZarrMetadata.Bytes(node.Metadata()));
            if (node.Grid is { } grid && segment == "c")
                return this.Chunk(node, grid, segments[(i + 1)..], key);
            if (!Names.IsValid(segment))
                throw new NotFoundException(ErrorCode.KeyNotFound, $"'{key}' is not a key of this Zarr store: '{segment}' is no node name (1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.', not starting with '.' or '-').").With(ErrorDetail.Name, key);
            string child = folder.Length == 0 ? segment : folder + "/" + segment;
            if (node.Grid is not null || !this.byFolder.ContainsKey(child))
            {
                string why = this.OmittedColumns.Contains(this.NodePath(child)) ? $"it is a column left out of the store (see {ZarrMetadata.OmittedColumnsAttribute} in its group's attributes)" : $"this store of {this.Path} has no such group or array";
                throw new NotFoundException(ErrorCode.NodeNotFound, $"There is no node '{child}': {why}.").With(ErrorDetail.Path, this.NodePath(child));
            }
            folder = child;
        }
        throw new NotFoundException(ErrorCode.KeyNotFound, $"'{key}' is a node, not a key: its metadata is '{key.TrimEnd('/')}/{ZarrStore.MetadataFile}'.").With(ErrorDetail.Name, key);
    }

    private ZarrEntry Chunk(ZarrViewNode node, long[] grid, string[] coordinates, string key)
    {
        var coords = new long[coordinates.Length];
        for (int d = 0; d < coords.Length; d++)
        {
            if (coordinates[d].Length is 0 or > 18 || !coordinates[d].All(char.IsAsciiDigit))
                throw new NotFoundException(ErrorCode.KeyNotFound, $"'{key}' is not a chunk key: chunk coordinates are whole numbers, 'c/0/1'.").With(ErrorDetail.Path, node.Path).With(ErrorDetail.Name, key);
            coords[d] = long.Parse(coordinates[d], System.Globalization.CultureInfo.InvariantCulture);
        }
        string grids = string.Join(", ", grid);
        if (coords.Length != grid.Length || coords.Where((c, d) => c >= grid[d]).Any())
            throw new NotFoundException(ErrorCode.KeyNotFound, $"There is no chunk '{key}': the chunk grid of {node.Path} is ({grids}).").With(ErrorDetail.Path, node.Path).With(ErrorDetail.Name, key);
        return node.Chunk(coords, key)
            ?? throw new NotFoundException(ErrorCode.KeyNotFound, $"Chunk '{key}' of {node.Path} is not written: it holds only the fill value.").With(ErrorDetail.Path, node.Path).With(ErrorDetail.Name, key);
    }

    private string NodePath(string folder) => this.Path == "/" ? "/" + folder : this.Path + "/" + folder;
}
