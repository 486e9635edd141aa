using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>The zarr.json documents and attribute names an export and the HTTP view write, so both write the same bytes.</summary>
internal static class ZarrMetadata
{
    /// <summary>On an array made of a column: the column's keys, the i-th key naming index i of the first axis.</summary>
    public const string KeysAttribute = "_tessera_keys";

    /// <summary>On a group: its columns that have no array form, each with the reason.</summary>
    public const string OmittedColumnsAttribute = "_tessera_omitted_columns";

    /// <summary>The name of the first axis of an array made of a column.</summary>
    public const string KeyDimension = "key";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Group(JsonObject attributes) => new()
    {
        ["zarr_format"] = 3,
        ["node_type"] = "group",
        ["attributes"] = attributes,
    };

    /// <summary>
    /// An array's metadata; <paramref name="dimensionNames"/> null takes them from the attribute an
    /// import keeps them in, when it has one name per dimension.
    /// </summary>
    public static JsonObject Array(ArraySchema schema, JsonObject attributes, bool gzip, JsonArray? dimensionNames = null)
    {
        var attrs = (JsonObject)attributes.DeepClone();
        if (dimensionNames is null && attrs[ZarrImporter.DimensionNamesAttribute] is JsonArray names && names.Count == schema.Rank)
        {
            // An import keeps dimension_names in this attribute; give them back their own field.
            attrs.Remove(ZarrImporter.DimensionNamesAttribute);
            dimensionNames = names;
        }
        var codecs = new JsonArray(new JsonObject { ["name"] = "bytes", ["configuration"] = new JsonObject { ["endian"] = "little" } });
        if (gzip)
            codecs.Add(new JsonObject { ["name"] = "gzip", ["configuration"] = new JsonObject { ["level"] = ZarrChunkEncoder.GzipLevel } });
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
        if (dimensionNames is not null)
            metadata["dimension_names"] = dimensionNames.DeepClone();
        return metadata;
    }

    /// <summary>The bytes of a zarr.json: indented, with a final newline.</summary>
    public static byte[] Bytes(JsonObject metadata) => Encoding.UTF8.GetBytes(metadata.ToJsonString(Indented) + "\n");
}
