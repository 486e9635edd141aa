using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Tessera.Tool.Tests.Support;

/// <summary>
/// docs/cli-json.schema.json, the CLI's JSON contract: its root maps each command line to the shape
/// of its <c>--json</c> output, its <c>$defs</c> hold the shapes.
/// </summary>
public sealed class CliJsonSchema
{
    private readonly JsonObject root;
    private readonly JsonSchema commands;
    private readonly Dictionary<string, JsonSchema> shapes = new(StringComparer.Ordinal);

    private CliJsonSchema(JsonObject root)
    {
        // Built from the same document more than once (the root, and single shapes): without $id, so they don't collide in a registry.
        root.Remove("$id");
        this.root = root;
        this.Commands = [.. root["properties"]!.AsObject().Select(p => p.Key)];
        this.Shapes = root["properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToJsonString(), StringComparer.Ordinal);
        this.Definitions = [.. root["$defs"]!.AsObject().Select(p => p.Key)];
        this.commands = Build(root);
    }

    public static string FilePath { get; } = Path.Combine(TensorTool.RepositoryRoot, "docs", "cli-json.schema.json");

    /// <summary>Every command line the contract names (<c>remote add</c>, <c>log</c>, …).</summary>
    public IReadOnlyList<string> Commands { get; }

    /// <summary>Each command's entry in the map (its schema as JSON text).</summary>
    public IReadOnlyDictionary<string, string> Shapes { get; }

    /// <summary>The names of the shapes (<c>$defs</c>).</summary>
    public IReadOnlyList<string> Definitions { get; }

    public static CliJsonSchema Read() => new(JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject());

    /// <summary>The problems of <paramref name="output"/> as the stdout of <paramref name="command"/>; empty when it follows the contract.</summary>
    public IReadOnlyList<string> CheckOutput(string command, string output)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(output);
        }
        catch (JsonException ex)
        {
            return [$"stdout is not JSON ({ex.Message})"];
        }
        var document = new JsonObject { [command] = parsed };
        return Problems(this.commands, JsonSerializer.SerializeToElement(document));
    }

    /// <summary>The problems of <paramref name="stderr"/> as a <c>--json</c> error object.</summary>
    public IReadOnlyList<string> CheckError(string stderr) => this.CheckShape("error", stderr);

    /// <summary>The problems of <paramref name="json"/> as an instance of the shape <c>$defs/<paramref name="name"/></c>.</summary>
    public IReadOnlyList<string> CheckShape(string name, string json)
    {
        if (!this.shapes.TryGetValue(name, out var schema))
        {
            schema = Build(new JsonObject
            {
                ["$schema"] = this.root["$schema"]!.DeepClone(),
                ["$defs"] = this.root["$defs"]!.DeepClone(),
                ["$ref"] = $"#/$defs/{name}",
            });
            this.shapes[name] = schema;
        }
        return Problems(schema, JsonDocument.Parse(json).RootElement);
    }

    private static JsonSchema Build(JsonObject document) =>
        JsonSchema.FromText(document.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static List<string> Problems(JsonSchema schema, JsonElement instance)
    {
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
            return [];
        return [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .DefaultIfEmpty("invalid")];
    }
}
