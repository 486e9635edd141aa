using System.Text;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>A group or array of a <see cref="ZarrView"/>: its zarr.json and, for an array, its chunks, each computed when asked.</summary>
internal abstract class ZarrViewNode(string path, string prefix)
{
    /// <summary>The Tessera path of the node ("/" for the root of a whole dataset).</summary>
    public string Path { get; } = path;

    /// <summary>The node's folder within the store: "" for the store's root, else "a/b/".</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The chunk grid of an array; null for a group.</summary>
    public abstract long[]? Grid { get; }

    public abstract JsonObject Metadata();

    /// <summary>The coordinates of every chunk written, in C order, reading no chunk bytes.</summary>
    public virtual IEnumerable<long[]> Chunks() => [];

    /// <summary>The chunk at these (in-grid) coordinates, or null when none is written (it holds only the fill value).</summary>
    public virtual ZarrEntry? Chunk(long[] coords, string key) => null;
}

/// <summary>A group: its attributes, plus a note naming the columns under it that have no array form.</summary>
internal sealed class ZarrGroupNode(string path, string prefix, JsonObject attributes, IReadOnlyDictionary<string, string> omitted)
    : ZarrViewNode(path, prefix)
{
    public override long[]? Grid => null;

    public override JsonObject Metadata()
    {
        var attrs = (JsonObject)attributes.DeepClone();
        if (omitted.Count > 0)
            attrs[ZarrMetadata.OmittedColumnsAttribute] = new JsonObject(omitted.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value)));
        return ZarrMetadata.Group(attrs);
    }
}

/// <summary>A Tessera array: its stored chunks, each tagged with its content id.</summary>
internal sealed class ZarrArrayNode(string path, string prefix, NodeInfo node, IReadView view, bool gzip) : ZarrViewNode(path, prefix)
{
    private readonly ArrayReader reader = view.Array(path);

    public override long[]? Grid => node.Array!.GridShape;

    public override JsonObject Metadata() => ZarrMetadata.Array(node.Array!, node.Attributes, gzip);

    public override IEnumerable<long[]> Chunks() => view.StoredChunks(this.Path);

    public override ZarrEntry? Chunk(long[] coords, string key) =>
        this.reader.ReadChunk(coords) is { } chunk ? new ZarrEntry(key, chunk.Id.ToString(), (stream, cancel) => ZarrChunkEncoder.EncodeAsync(chunk.Bytes, gzip, stream, cancel)) : null;
}

/// <summary>
/// A flat column of fixed-shape arrays as an array along a first "key" axis: index i is the i-th key
/// in key order (the keys are listed in the attribute <see cref="ZarrMetadata.KeysAttribute"/>),
/// chunks of whole samples (about 1 MiB), fill value 0. Its keys are listed once, when first needed.
/// </summary>
internal sealed class ZarrColumnArrayNode : ZarrViewNode
{
    private const long ChunkTargetBytes = 1 << 20;
    private readonly NodeInfo node;
    private readonly ColumnSnapshot column;
    private readonly bool gzip;
    private readonly Lazy<(SampleKey[] Keys, ObjectId[] Ids)> entries;

    public ZarrColumnArrayNode(string path, string prefix, NodeInfo node, IReadView view, bool gzip)
        : base(path, prefix)
    {
        this.node = node;
        this.gzip = gzip;
        this.column = view.Column(path);
        this.entries = new(() =>
        {
            var keys = new List<SampleKey>();
            var ids = new List<ObjectId>();
            foreach (var (key, _, id) in this.column.Entries())
            {
                keys.Add(key);
                ids.Add(id);
            }
            return (keys.ToArray(), ids.ToArray());
        });
    }

    /// <summary>Why a column has no array form; null when it has one.</summary>
    public static string? Omission(ColumnSchema schema) => schema switch
    {
        { Kind: not ColumnKind.NDArray } => $"a {schema.Kind.Name()} column: Zarr arrays hold numbers",
        { VariableShape: true } => "samples of variable shape",
        { Layout: ColumnLayout.Nested } => "nested (KEY/SUBKEY)",
        _ => null,
    };

    public override long[]? Grid => this.Schema.GridShape;

    private ArraySchema Schema
    {
        get
        {
            var sample = this.node.Schema!;
            int perChunk = (int)Math.Clamp(ChunkTargetBytes / (sample.ElementCount * sample.DType!.Value.ItemSize()), 1, Math.Max(1, this.node.Count));
            return new ArraySchema(sample.DType!.Value, [this.node.Count, .. sample.Shape.Select(d => (long)d)], [perChunk, .. sample.Shape]);
        }
    }

    public override JsonObject Metadata()
    {
        var schema = this.Schema;
        var attrs = (JsonObject)this.node.Attributes.DeepClone();
        attrs[ZarrMetadata.KeysAttribute] = new JsonArray(this.entries.Value.Keys.Select(k => k.IsInt ? JsonValue.Create(k.Int) : JsonValue.Create(k.String)).ToArray<JsonNode?>());
        var names = new JsonArray([ZarrMetadata.KeyDimension, .. Enumerable.Repeat<JsonNode?>(null, schema.Rank - 1)]);
        return ZarrMetadata.Array(schema, attrs, this.gzip, names);
    }

    public override IEnumerable<long[]> Chunks() => ChunkGrid.Coordinates(this.Schema.GridShape);

    public override ZarrEntry? Chunk(long[] coords, string key)
    {
        var schema = this.Schema;
        var (keys, ids) = this.entries.Value;
        int perChunk = schema.Chunks[0];
        int start = checked((int)(coords[0] * perChunk));
        int count = Math.Min(perChunk, keys.Length - start);
        // The chunk's content id: the hash of its samples' ids, known without reading a sample.
        var tag = ObjectId.Hash(Encoding.ASCII.GetBytes(string.Join(',', ids.Skip(start).Take(count))));
        return new ZarrEntry(key, tag.ToString(), (stream, cancel) =>
        {
            int sampleBytes = checked((int)(schema.ChunkElements / perChunk * schema.DType.ItemSize()));
            // Every sample is read before the first byte goes out; the part past the last key stays zero, the fill value.
            var elements = new byte[checked(perChunk * sampleBytes)];
            for (int i = 0; i < count; i++)
                this.column.Get(keys[start + i]).Bytes.Span.CopyTo(elements.AsSpan(i * sampleBytes, sampleBytes));
            return ZarrChunkEncoder.EncodeAsync(elements, this.gzip, stream, cancel);
        });
    }
}
