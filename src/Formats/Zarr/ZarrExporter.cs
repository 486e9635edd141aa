using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>How to export.</summary>
public sealed record ZarrExportOptions
{
    /// <summary>The commit, branch or tag to read; null: the staging area.</summary>
    public string? Revision { get; init; }

    /// <summary>Compress chunks with gzip (else the bytes codec only).</summary>
    public bool Gzip { get; init; } = true;
}

/// <summary>What an export wrote.</summary>
/// <param name="Commit">The full id of the commit read; null when the staging area was read.</param>
public sealed record ZarrExportResult(string Path, string? Commit, string Directory, int Groups, int Arrays, long Chunks, long Bytes, IReadOnlyList<string> SkippedColumns);

/// <summary>
/// Writes a group (recursively) or array, as staged or at a commit, as a Zarr v3 directory store: zarr.json per
/// node, chunk keys "c/i/j", the bytes codec (little-endian) plus gzip or nothing, attributes kept.
/// Chunks Tessera does not store (all fill value) are not written. Columns have no Zarr form and
/// are skipped (the result lists them). The store is written as <see cref="Mapping.ExportFolder"/> says.
/// </summary>
public static class ZarrExporter
{
    private const int GzipLevel = 5;

    public static ZarrExportResult Export(Repository repo, string path, string directory, ZarrExportOptions options, IProgress<double>? progress = null)
    {
        var view = IReadView.Open(repo, options.Revision);
        var root = view.Node(path);
        var nodes = view.Nodes.Where(n => n.Path == root.Path || n.Path.StartsWith(root.Path + "/", StringComparison.Ordinal))
            .OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
        if (root.Kind == NodeKind.Column)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{root.Path}' is a column; Zarr holds groups and arrays. Export a column as .npy, or an array or group here.").With(ErrorDetail.Path, root.Path).With(ErrorDetail.Wanted, "array");
        long chunks = 0, bytes = 0;
        Mapping.ExportFolder.Write(directory, staging =>
        {
            for (int i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                string folder = Path.Combine(staging, node.Path[root.Path.Length..].TrimStart('/').Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(folder);
                if (node.Kind == NodeKind.Group)
                    WriteMetadata(folder, GroupMetadata(node));
                else if (node.Kind == NodeKind.Array)
                {
                    var (c, b) = WriteArray(view.Array(node.Path), node, folder, options.Gzip);
                    chunks += c;
                    bytes += b;
                }
                progress?.Report((double)(i + 1) / nodes.Count);
            }
        });
        return new ZarrExportResult(root.Path, view.Commit?.Id.ToString(), directory,
            nodes.Count(n => n.Kind == NodeKind.Group), nodes.Count(n => n.Kind == NodeKind.Array), chunks, bytes,
            nodes.Where(n => n.Kind == NodeKind.Column).Select(n => n.Path).ToList());
    }

    private static (long Chunks, long Bytes) WriteArray(ArrayReader array, NodeInfo node, string folder, bool gzip)
    {
        var schema = node.Array!;
        WriteMetadata(folder, ArrayMetadata(schema, node.Attributes, gzip));
        long chunks = 0, bytes = 0;
        foreach (var coords in ChunkGrid.Coordinates(schema.GridShape))
        {
            if (array.ReadChunk(coords) is not { } chunk)
                continue;
            var file = Path.Combine(folder, ChunkKeyEncoding.Default.Key(coords).Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using (var stream = File.Create(file))
            {
                if (gzip)
                {
                    using var compressor = new GZipStream(stream, new ZLibCompressionOptions { CompressionLevel = GzipLevel });
                    compressor.Write(chunk.Bytes.Span);
                }
                else
                {
                    stream.Write(chunk.Bytes.Span);
                }
            }
            chunks++;
            bytes += new FileInfo(file).Length;
        }
        return (chunks, bytes);
    }

    private static JsonObject GroupMetadata(NodeInfo node) => new()
    {
        ["zarr_format"] = 3,
        ["node_type"] = "group",
        ["attributes"] = node.Attributes.DeepClone(),
    };

    private static JsonObject ArrayMetadata(ArraySchema schema, JsonObject attributes, bool gzip)
    {
        var attrs = (JsonObject)attributes.DeepClone();
        // An import keeps dimension_names in this attribute; give them back their own field.
        var names = attrs[ZarrImporter.DimensionNamesAttribute] as JsonArray;
        if (names?.Count == schema.Rank)
            attrs.Remove(ZarrImporter.DimensionNamesAttribute);
        var codecs = new JsonArray(new JsonObject { ["name"] = "bytes", ["configuration"] = new JsonObject { ["endian"] = "little" } });
        if (gzip)
            codecs.Add(new JsonObject { ["name"] = "gzip", ["configuration"] = new JsonObject { ["level"] = GzipLevel } });
        var metadata = new JsonObject
        {
            ["zarr_format"] = 3,
            ["node_type"] = "array",
            ["shape"] = new JsonArray(schema.Shape.Select(d => (JsonNode)d).ToArray()),
            ["data_type"] = schema.DType.Name(),
            ["chunk_grid"] = new JsonObject
            {
                ["name"] = "regular",
                ["configuration"] = new JsonObject { ["chunk_shape"] = new JsonArray(schema.Chunks.Select(c => (JsonNode)c).ToArray()) },
            },
            ["chunk_key_encoding"] = ChunkKeyEncoding.Default.ToJson(),
            ["fill_value"] = ZarrFillValue.Format(schema.FillValue, schema.DType),
            ["codecs"] = codecs,
            ["attributes"] = attrs,
        };
        if (names?.Count == schema.Rank)
            metadata["dimension_names"] = names.DeepClone();
        return metadata;
    }

    private static void WriteMetadata(string folder, JsonObject metadata) =>
        File.WriteAllText(Path.Combine(folder, ZarrStore.MetadataFile), metadata.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
}
