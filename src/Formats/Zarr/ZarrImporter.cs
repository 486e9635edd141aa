using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>What an import staged.</summary>
public sealed record ZarrImportResult(string Directory, string Into, int Groups, int Arrays, long Chunks, long Bytes);

/// <summary>
/// Stages a Zarr v3 directory store as Tessera groups and arrays under a new path, all or nothing:
/// every zarr.json is read and checked (codecs included) before anything is staged, and it runs as
/// one staged operation (<see cref="WriteCheckout.BeginOperation"/>): if a chunk turns out corrupt
/// midway, or the process dies, the staging area is as it was (other staged changes included).
/// </summary>
public static class ZarrImporter
{
    /// <summary>The attribute that keeps a Zarr array's dimension_names (Tessera has no such field).</summary>
    public const string DimensionNamesAttribute = "_zarr_dimension_names";

    public static ZarrImportResult Import(WriteCheckout writer, string directory, string into, IProgress<double>? progress = null)
    {
        into = Names.NormalizePath(into);
        var nodes = ZarrStore.ReadHierarchy(directory);
        var schemas = nodes.Select(n => n.Array?.ToSchema()).ToList();
        var existing = writer.Nodes.ToDictionary(n => n.Path);
        if (existing.ContainsKey(into))
            throw new StateException(ErrorCode.NodeExists, $"A node already exists at '{into}'. Choose another --into path; the existing node is left as it is.");
        long chunks = 0, bytes = 0;
        using (var operation = writer.BeginOperation($"import Zarr {Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))}"))
        {
            for (int i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                string path = node.RelativePath.Length == 0 ? into : $"{into}/{node.RelativePath}";
                if (node.Array is not { } metadata)
                {
                    writer.CreateGroup(path);
                    SetAttributes(writer, path, node.Attributes);
                    continue;
                }
                var array = writer.CreateArray(path, schemas[i]!);
                var attributes = node.Attributes;
                if (metadata.DimensionNames is { } names)
                    attributes[DimensionNamesAttribute] = names.DeepClone();
                SetAttributes(writer, path, attributes);
                var (c, b) = WriteChunks(array, metadata, Path.Combine(directory, node.RelativePath), progress, (double)i / nodes.Count, 1.0 / nodes.Count);
                chunks += c;
                bytes += b;
            }
            operation.Complete();
        }
        progress?.Report(1);
        return new ZarrImportResult(directory, into, nodes.Count(n => n.Array is null), nodes.Count(n => n.Array is not null), chunks, bytes);
    }

    private static (long Chunks, long Bytes) WriteChunks(WritableArray array, ZarrArrayMetadata metadata, string folder, IProgress<double>? progress, double start, double share)
    {
        var grid = metadata.Shape.Select((d, i) => (d + metadata.ChunkShape[i] - 1) / metadata.ChunkShape[i]).ToArray();
        long total = grid.Aggregate(1L, (a, b) => a * b), done = 0, chunks = 0, bytes = 0;
        foreach (var coords in ChunkGrid.Coordinates(grid))
        {
            string file = Path.Combine(folder, metadata.KeyEncoding.Key(coords).Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(file))
            {
                var encoded = File.ReadAllBytes(file);
                var origin = coords.Select((c, d) => c * metadata.ChunkShape[d]).ToArray();
                foreach (var block in metadata.Codecs.Decode(encoded, origin, metadata.ChunkShape, file))
                    WriteInside(array, block, metadata);
                chunks++;
                bytes += encoded.Length;
            }
            if (++done % 64 == 0)
                progress?.Report(start + (share * done / total));
        }
        return (chunks, bytes);
    }

    /// <summary>Writes the part of a block inside the array: Zarr's edge chunks are full-size, Tessera's selections are not.</summary>
    private static void WriteInside(WritableArray array, ChunkBlock block, ZarrArrayMetadata metadata)
    {
        var inside = block.Shape.Select((s, d) => (int)Math.Clamp(metadata.Shape[d] - block.Origin[d], 0, s)).ToArray();
        if (inside.Contains(0))
            return;
        var data = inside.SequenceEqual(block.Shape) ? block.Data : BlockCrop.Leading(block.Data, block.Shape, inside, metadata.DataType.ItemSize());
        array.WriteBytes(data, block.Origin.Select((o, d) => Slice.Range(o, o + inside[d])).ToArray());
    }

    private static void SetAttributes(WriteCheckout writer, string path, JsonObject attributes)
    {
        foreach (var (key, value) in attributes)
            writer.SetAttribute(path, key, value);
    }
}
