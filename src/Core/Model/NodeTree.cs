using System.Text;
using System.Text.Json;
using Tessera.Manifests;

namespace Tessera;

/// <summary>
/// The node tree of one snapshot: every group and column with schema, attributes and manifest,
/// sorted by path. Encoded as a <c>T</c> page of canonical JSON; its SHA-256 is the tree id.
/// </summary>
internal sealed class NodeTree
{
    public const byte Type = (byte)'T';

    public static readonly NodeTree Empty = new([]);

    private readonly SortedDictionary<string, NodeRecord> byPath;

    public NodeTree(IEnumerable<NodeRecord> nodes)
    {
        this.byPath = new SortedDictionary<string, NodeRecord>(StringComparer.Ordinal);
        foreach (var n in nodes)
            this.byPath[n.Path] = n;
    }

    public IEnumerable<NodeRecord> Nodes => this.byPath.Values;

    public NodeRecord? Find(string path) => this.byPath.GetValueOrDefault(path);

    public NodeRecord? FindById(string id) => this.byPath.Values.FirstOrDefault(n => n.Id == id);

    public NodeRecord Get(string path) => this.Find(path)
        ?? throw new NotFoundException(ErrorCode.NodeNotFound, $"No node at '{path}'.").With(ErrorDetail.Path, path);

    public NodeRecord GetColumn(string path) => this.Get(path, NodeKind.Column);

    public NodeRecord GetArray(string path) => this.Get(path, NodeKind.Array);

    private NodeRecord Get(string path, NodeKind kind)
    {
        var node = this.Get(path);
        if (node.Kind != kind)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{path}' is a {node.Kind.Name()}, not a {kind.Name()}.");
        return node;
    }

    public IEnumerable<NodeRecord> Children(string path)
    {
        string prefix = path == "/" ? "/" : path + "/";
        return this.byPath.Values.Where(n => n.Path.StartsWith(prefix, StringComparison.Ordinal) && n.Path.IndexOf('/', prefix.Length) < 0);
    }

    public IEnumerable<NodeRecord> Descendants(string path) =>
        this.byPath.Values.Where(n => n.Path.StartsWith(path + "/", StringComparison.Ordinal));

    public NodeTree With(NodeRecord node)
    {
        var copy = new NodeTree(this.byPath.Values);
        copy.byPath[node.Path] = node;
        return copy;
    }

    public NodeTree Without(string path)
    {
        var copy = new NodeTree(this.byPath.Values.Where(n => n.Path != path));
        return copy;
    }

    public byte[] Encode()
    {
        using var ms = new MemoryStream();
        ms.WriteByte(Type);
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteStartArray("nodes");
            foreach (var n in this.byPath.Values)
                WriteNode(w, n);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    public static NodeTree Decode(byte[] data)
    {
        if (data.Length < 2 || data[0] != Type)
            throw new CorruptObjectException("A node tree page is malformed; verify the repository.");
        try
        {
            using var doc = JsonDocument.Parse(data.AsMemory(1));
            return new NodeTree(doc.RootElement.GetProperty("nodes").EnumerateArray().Select(ReadNode).ToList());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or InvalidInputException)
        {
            throw new CorruptObjectException($"A node tree page does not parse ({ex.Message}); verify the repository.");
        }
    }

    /// <summary>Writes the JSON form of a tree as a string (the staging area keeps it so).</summary>
    public string ToJson() => Encoding.UTF8.GetString(this.Encode().AsSpan(1));

    public static NodeTree FromJson(string json) => Decode([Type, .. Encoding.UTF8.GetBytes(json)]);

    private static void WriteNode(Utf8JsonWriter w, NodeRecord n)
    {
        w.WriteStartObject();
        w.WriteString("id", n.Id);
        w.WriteString("path", n.Path);
        w.WriteString("kind", n.Kind.Name());
        if (n.Schema is { } s)
            JsonShapes.WriteColumnSchema(w, s);
        if (n.Array is { } a)
            JsonShapes.WriteArraySchema(w, a);
        w.WritePropertyName("attrs");
        w.WriteRawValue(n.Attributes);
        if (n.HasManifest)
        {
            var m = n.Manifest;
            w.WriteStartObject("manifest");
            if (m.Base is { } b)
                w.WriteString("base", b.ToString());
            w.WriteStartArray("deltas");
            foreach (var d in m.Deltas)
                w.WriteStringValue(d.ToString());
            w.WriteEndArray();
            w.WriteNumber("count", m.Count);
            w.WriteNumber("delta_entries", m.DeltaEntries);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static NodeRecord ReadNode(JsonElement e)
    {
        var kind = NodeKinds.Parse(Text(e.GetProperty("kind")));
        ColumnSchema? schema = null;
        if (e.TryGetProperty("schema", out var s))
        {
            var shape = s.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var colKind = ColumnKinds.Parse(Text(s.GetProperty("kind")));
            schema = colKind switch
            {
                ColumnKind.Str => ColumnSchema.Str(),
                ColumnKind.Bytes => ColumnSchema.Bytes(),
                _ => s.GetProperty("variable").GetBoolean()
                    ? ColumnSchema.VariableNDArray(DTypes.Parse(Text(s.GetProperty("dtype"))), shape)
                    : ColumnSchema.NDArray(DTypes.Parse(Text(s.GetProperty("dtype"))), shape),
            };
            schema = schema with
            {
                Layout = s.GetProperty("layout").GetString() == "nested" ? ColumnLayout.Nested : ColumnLayout.Flat,
                Compression = ColumnKinds.ParseCodec(Text(s.GetProperty("compression"))),
            };
        }
        var manifest = ManifestRef.Empty;
        if (e.TryGetProperty("manifest", out var m))
        {
            ObjectId? baseId = m.TryGetProperty("base", out var b) ? ObjectId.Parse(Text(b)) : null;
            manifest = new ManifestRef(baseId, m.GetProperty("deltas").EnumerateArray().Select(d => ObjectId.Parse(Text(d))).ToArray(),
                m.GetProperty("count").GetInt64(), m.GetProperty("delta_entries").GetInt64());
        }
        ArraySchema? array = null;
        if (e.TryGetProperty("array", out var a))
        {
            array = new ArraySchema(DTypes.Parse(Text(a.GetProperty("dtype"))),
                a.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray(),
                a.GetProperty("chunks").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                ArraySchema.ParseFill(Text(a.GetProperty("fill"))))
            {
                Compression = ColumnKinds.ParseCodec(Text(a.GetProperty("compression"))),
            };
        }
        return new NodeRecord(Text(e.GetProperty("id")), Text(e.GetProperty("path")), kind, schema,
            e.GetProperty("attrs").GetRawText(), manifest) { Array = array };
    }

    private static string Text(JsonElement e) => e.GetString() ?? throw new FormatException("a text property is null");
}
