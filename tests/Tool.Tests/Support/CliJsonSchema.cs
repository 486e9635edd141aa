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
    private readonly JsonSchema commands;
    private readonly JsonSchema error;

    private CliJsonSchema(JsonObject root)
    {
        // Built twice from the same document (the root, and its error shape); without $id so the two don't collide in a registry.
        root.Remove("$id");
        this.Commands = [.. root["properties"]!.AsObject().Select(p => p.Key)];
        this.Shapes = root["properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToJsonString(), StringComparer.Ordinal);
        this.commands = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var errorOnly = new JsonObject
        {
            ["$schema"] = root["$schema"]!.DeepClone(),
            ["$defs"] = root["$defs"]!.DeepClone(),
            ["$ref"] = "#/$defs/error",
        };
        this.error = JsonSchema.FromText(errorOnly.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    public static string FilePath { get; } = Path.Combine(TensorTool.RepositoryRoot, "docs", "cli-json.schema.json");

    /// <summary>Every command line the contract names (<c>remote add</c>, <c>log</c>, …).</summary>
    public IReadOnlyList<string> Commands { get; }

    /// <summary>Each command's entry in the map (its schema as JSON text).</summary>
    public IReadOnlyDictionary<string, string> Shapes { get; }

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
    public IReadOnlyList<string> CheckError(string stderr) => Problems(this.error, JsonDocument.Parse(stderr).RootElement);

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
