using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>The metadata of a Zarr v3 array (zarr.json with node_type "array"), checked against what Tessera can hold.</summary>
internal sealed record ZarrArrayMetadata(
    long[] Shape,
    DType DataType,
    int[] ChunkShape,
    ChunkKeyEncoding KeyEncoding,
    double FillValue,
    ZarrCodecPipeline Codecs,
    JsonArray? DimensionNames)
{
    private static readonly HashSet<string> CoreFields =
        ["zarr_format", "node_type", "shape", "data_type", "chunk_grid", "chunk_key_encoding", "fill_value", "codecs", "attributes", "storage_transformers", "dimension_names"];

    /// <summary>The Tessera schema an import creates: the same shape, dtype and fill; a sharded array's inner chunks as chunks.</summary>
    public ArraySchema ToSchema() => new(this.DataType, this.Shape, this.Codecs.BlockShape, this.FillValue);

    public static ZarrArrayMetadata Parse(JsonObject metadata, string file)
    {
        foreach (var (name, value) in metadata)
        {
            if (!CoreFields.Contains(name) && !(value is JsonObject extension && extension["must_understand"]?.GetValueKind() == JsonValueKind.False))
                throw ZarrErrors.Unsupported(file, $"the extension field \"{name}\" must be understood, and Tessera does not know it.");
        }
        if (metadata["storage_transformers"] is JsonArray { Count: > 0 })
            throw ZarrErrors.Unsupported(file, "storage transformers are not supported.");
        var shape = ReadIntegers(metadata["shape"], "shape", 0, long.MaxValue, file);
        if (shape.Length == 0 || shape.Length > ColumnSchema.MaxRank)
            throw ZarrErrors.Unsupported(file, $"the array has rank {shape.Length}; Tessera arrays have rank 1 to {ColumnSchema.MaxRank}.");
        var dtype = ReadDataType(metadata["data_type"], file);
        var chunkShape = ReadChunkGrid(metadata["chunk_grid"], shape.Length, file);
        var codecs = ZarrCodecPipeline.Parse(metadata["codecs"], dtype, chunkShape, file);
        return new ZarrArrayMetadata(
            shape,
            dtype,
            chunkShape,
            ChunkKeyEncoding.Parse(metadata["chunk_key_encoding"], file),
            ZarrFillValue.Parse(metadata["fill_value"], dtype, file),
            codecs,
            metadata["dimension_names"] is JsonArray names ? (JsonArray)names.DeepClone() : null);
    }

    private static DType ReadDataType(JsonNode? node, string file)
    {
        string? name = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        var match = DTypes.All.Where(d => d.Name() == name).ToList();
        if (match.Count == 1)
            return match[0];
        throw ZarrErrors.Unsupported(file, $"data_type {node?.ToJsonString() ?? "(missing)"} is not one Tessera holds ({string.Join(", ", DTypes.All.Select(d => d.Name()))}).");
    }

    private static int[] ReadChunkGrid(JsonNode? node, int rank, string file)
    {
        if (node is not JsonObject grid || grid["name"]?.GetValueKind() != JsonValueKind.String)
            throw ZarrErrors.BadMetadata(file, "\"chunk_grid\" is missing or has no name.");
        if (grid["name"]!.GetValue<string>() != "regular")
            throw ZarrErrors.Unsupported(file, $"chunk grid '{grid["name"]}' is not supported; Tessera reads regular grids.");
        var chunks = ReadIntegers(grid["configuration"]?["chunk_shape"], "chunk_shape", 1, int.MaxValue, file);
        if (chunks.Length != rank)
            throw ZarrErrors.BadMetadata(file, $"the chunk_shape has rank {chunks.Length}; the array has rank {rank}.");
        return chunks.Select(c => (int)c).ToArray();
    }

    private static long[] ReadIntegers(JsonNode? node, string what, long min, long max, string file)
    {
        if (node is not JsonArray list)
            throw ZarrErrors.BadMetadata(file, $"\"{what}\" is missing or not a list of integers.");
        return list.Select(item =>
        {
            double value = item?.GetValueKind() == JsonValueKind.Number ? item.GetValue<double>() : double.NaN;
            if (!(value >= min && value <= max && value == Math.Floor(value)))
                throw ZarrErrors.BadMetadata(file, $"\"{what}\" holds {item?.ToJsonString() ?? "null"}; each entry is an integer from {min} to {max}.");
            return (long)value;
        }).ToArray();
    }
}
