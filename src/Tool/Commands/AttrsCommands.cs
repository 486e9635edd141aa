using System.CommandLine;
using System.Text.Json.Nodes;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>attrs set|get|rm</c>: a node's attributes, a JSON object.</summary>
internal static class AttrsCommands
{
    public static Command Create() => new("attrs", "Read and write node attributes (JSON values)")
    {
        CreateSet(),
        CreateGet(),
        CreateRemove(),
    };

    private static Command CreateSet()
    {
        var path = Arguments.NodePath();
        var key = new Argument<string>("KEY") { Description = "Attribute name" };
        var value = new Argument<string>("JSON") { Description = "Any JSON value: 3, true, '\"text\"', '{\"a\": 1}'" };
        var command = new Command("set", "Set one attribute") { path, key, value };
        return command.HandleWithWriter((context, _, writer) =>
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(context.Get(value));
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new InvalidInputException(ErrorCode.InvalidArgument,
                    $"'{context.Get(value)}' is not valid JSON ({ex.Message}). Quote strings twice, e.g. '\"text\"'.");
            }
            writer.SetAttribute(context.Get(path), context.Get(key), parsed);
            string node = Names.NormalizePath(context.Get(path));
            return NodeCommands.ReportDone(context, $"Set {context.Get(key)} on {node} (staged).", w => NodeCommands.WriteNode(w, writer, node));
        });
    }

    private static Command CreateGet()
    {
        var path = Arguments.NodePath();
        var key = new Argument<string?>("KEY") { Description = "Attribute name (default: all attributes)", Arity = ArgumentArity.ZeroOrOne };
        var revision = new Option<string?>("--rev") { Description = "Read at this commit, branch or tag (default: the staging area)" };
        var command = new Command("get", "Print one attribute, or all of them, as JSON") { path, key, revision };
        return command.HandleWithRepository((context, repo) =>
        {
            var attributes = Snapshot.Attributes(repo, context.Get(path), context.Get(revision));
            JsonNode? result = attributes;
            if (context.Get(key) is { } name)
            {
                if (!attributes.TryGetPropertyValue(name, out result))
                    throw new NotFoundException(ErrorCode.KeyNotFound, $"Node '{context.Get(path)}' has no attribute '{name}'. List them with 'dotnet tensor attrs get {context.Get(path)}'.");
            }
            // Attributes are JSON whatever the mode, so --json and text print the same document.
            context.WriteJson(w =>
            {
                if (result is null)
                    w.WriteNullValue();
                else
                    result.WriteTo(w);
            });
            return 0;
        });
    }

    private static Command CreateRemove()
    {
        var path = Arguments.NodePath();
        var key = new Argument<string>("KEY") { Description = "Attribute name" };
        var command = new Command("rm", "Remove one attribute") { path, key };
        return command.HandleWithWriter((context, _, writer) =>
        {
            writer.RemoveAttribute(context.Get(path), context.Get(key));
            string node = Names.NormalizePath(context.Get(path));
            return NodeCommands.ReportDone(context, $"Removed {context.Get(key)} from {node} (staged).", w => NodeCommands.WriteNode(w, writer, node));
        });
    }
}
