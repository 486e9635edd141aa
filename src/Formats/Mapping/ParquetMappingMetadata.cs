using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Mapping;

/// <summary>How the file's keys are written in the key column.</summary>
internal enum KeyEncoding
{
    /// <summary>INT64 integer keys.</summary>
    Int,
    /// <summary>Strings, each a string key.</summary>
    Str,
    /// <summary>Both kinds: strings in the CLI's key syntax (<see cref="SampleKey.Parse"/>: <c>7</c>, <c>"7"</c>, <c>cat</c>).</summary>
    Mixed,
}

/// <summary>
/// What a Parquet file cannot say by itself and an exact round trip needs, kept in the file's
/// key-value metadata under <see cref="Key"/>: which column holds the keys and how, and each
/// column's schema (a fixed shape stays fixed even when a list could be read as variable, and a
/// variable shape keeps its declared maximum).
/// </summary>
internal sealed record ParquetMappingMetadata(string KeyColumn, KeyEncoding KeyEncoding, IReadOnlyDictionary<string, ColumnSchema> Schemas)
{
    public const string Key = "tessera.mapping";
    private const int Version = 1;

    public string ToJson()
    {
        var columns = new JsonObject();
        foreach (var (name, schema) in this.Schemas)
        {
            columns[name] = new JsonObject
            {
                ["kind"] = schema.Kind.Name(),
                ["dtype"] = schema.DType?.Name(),
                ["shape"] = new JsonArray([.. schema.Shape.Select(d => (JsonNode)d)]),
                ["variableShape"] = schema.VariableShape,
            };
        }
        var root = new JsonObject
        {
            ["version"] = Version,
            ["key"] = new JsonObject { ["column"] = this.KeyColumn, ["encoding"] = this.KeyEncoding.ToString().ToLowerInvariant() },
            ["columns"] = columns,
        };
        return root.ToJsonString();
    }

    /// <summary>The metadata of a file Tessera wrote, or null (other writers, or a version this code does not know).</summary>
    public static ParquetMappingMetadata? Read(IReadOnlyList<KeyValuePair<string, string?>> keyValues)
    {
        var text = keyValues.FirstOrDefault(p => p.Key == Key).Value;
        if (text is null)
            return null;
        try
        {
            var root = JsonNode.Parse(text)!.AsObject();
            if ((int)root["version"]! != Version)
                return null;
            var key = root["key"]!.AsObject();
            var schemas = new Dictionary<string, ColumnSchema>(StringComparer.Ordinal);
            foreach (var (name, node) in root["columns"]!.AsObject())
                schemas[name] = ParseSchema(node!.AsObject());
            return new ParquetMappingMetadata((string)key["column"]!, Enum.Parse<KeyEncoding>((string)key["encoding"]!, ignoreCase: true), schemas);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or ArgumentException or FormatException or TesseraException)
        {
            throw new InvalidFileException($"The file's '{Key}' metadata is damaged ({e.Message}). Remove that key-value entry to import the file as any Parquet file.");
        }
    }

    private static ColumnSchema ParseSchema(JsonObject node)
    {
        var kind = ColumnKinds.Parse((string)node["kind"]!);
        if (kind == ColumnKind.Str)
            return ColumnSchema.Str();
        if (kind == ColumnKind.Bytes)
            return ColumnSchema.Bytes();
        var dtype = DTypes.Parse((string)node["dtype"]!);
        var shape = node["shape"]!.AsArray().Select(d => (int)d!).ToArray();
        return (bool)node["variableShape"]! ? ColumnSchema.VariableNDArray(dtype, shape) : ColumnSchema.NDArray(dtype, shape);
    }
}
