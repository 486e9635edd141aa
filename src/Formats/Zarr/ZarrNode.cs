using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>One node of a Zarr v3 store, from its zarr.json: a group, or an array with its metadata.</summary>
internal sealed record ZarrNode(string RelativePath, JsonObject Attributes, ZarrArrayMetadata? Array)
{
    /// <summary>Reads and checks <c>DIR/zarr.json</c>; <paramref name="relativePath"/> is the node's path inside the store ("" for the root).</summary>
    public static ZarrNode Read(string directory, string relativePath)
    {
        string file = Path.Combine(directory, "zarr.json");
        JsonObject metadata;
        try
        {
            metadata = JsonNode.Parse(File.ReadAllBytes(file)) as JsonObject
                ?? throw ZarrErrors.BadMetadata(file, "it is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw ZarrErrors.BadMetadata(file, $"it is not valid JSON ({ex.Message}).");
        }
        if (metadata["zarr_format"]?.GetValueKind() != JsonValueKind.Number || metadata["zarr_format"]!.GetValue<double>() != 3)
            throw ZarrErrors.Unsupported(file, $"zarr_format is {metadata["zarr_format"]?.ToJsonString() ?? "missing"}; Tessera reads Zarr v3 stores only.");
        var attributes = metadata["attributes"] switch
        {
            null => [],
            JsonObject attrs => (JsonObject)attrs.DeepClone(),
            _ => throw ZarrErrors.BadMetadata(file, "\"attributes\" is not an object."),
        };
        string? nodeType = metadata["node_type"]?.GetValueKind() == JsonValueKind.String ? metadata["node_type"]!.GetValue<string>() : null;
        return nodeType switch
        {
            "group" => new ZarrNode(relativePath, attributes, null),
            "array" => new ZarrNode(relativePath, attributes, ZarrArrayMetadata.Parse(metadata, file)),
            _ => throw ZarrErrors.BadMetadata(file, $"node_type is \"group\" or \"array\", not {metadata["node_type"]?.ToJsonString() ?? "missing"}."),
        };
    }
}
