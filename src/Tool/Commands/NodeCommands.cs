using System.CommandLine;
using System.Text.Json;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>group add PATH</c> and <c>mv SRC DST</c>.</summary>
internal static class NodeCommands
{
    public static Command CreateGroup()
    {
        var path = Arguments.NodePath("Path of the new group, e.g. /mnist");
        var add = new Command("add", "Create a group (and missing parents)") { path };
        add.HandleWithWriter((context, _, writer) =>
        {
            writer.CreateGroup(context.Get(path));
            string created = Names.NormalizePath(context.Get(path));
            return ReportDone(context, $"Created group {created}.", w => WriteNode(w, writer, created));
        });
        return new Command("group", "Create and remove groups that hold other nodes") { add, CreateRemove(NodeKind.Group) };
    }

    /// <summary><c>group rm</c>, <c>array rm</c>, <c>column rm</c>: the node (a group with <c>-r</c> when it holds nodes).</summary>
    public static Command CreateRemove(NodeKind kind)
    {
        string noun = kind.ToString().ToLowerInvariant();
        var path = Arguments.NodePath($"Path of the {noun} to remove");
        var command = new Command("rm", $"Remove a {noun}{(kind == NodeKind.Group ? " (-r: with everything in it)" : " and its " + (kind == NodeKind.Array ? "chunks" : "samples"))} (staged until you commit)") { path };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Remove the group with everything in it" };
        if (kind == NodeKind.Group)
            command.Options.Add(recursive);
        return command.HandleWithWriter((context, _, writer) =>
        {
            var node = writer.Nodes.FirstOrDefault(n => n.Path == Names.NormalizePath(context.Get(path)));
            if (node is not null && node.Kind != kind)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"{node.Path} is a {node.Kind.ToString().ToLowerInvariant()}, not a {noun}: remove it with 'dotnet tensor rm {node.Path}'.");
            return RemoveNode(context, writer, context.Get(path), kind == NodeKind.Group && context.Get(recursive));
        });
    }

    /// <summary>Removes a node; a group that holds nodes only when <paramref name="recursive"/>.</summary>
    public static int RemoveNode(CommandContext context, WriteCheckout writer, string path, bool recursive)
    {
        path = Names.NormalizePath(path);
        var node = writer.Nodes.FirstOrDefault(n => n.Path == path)
            ?? throw new NotFoundException(ErrorCode.NodeNotFound, $"No node at '{path}'. List nodes with 'dotnet tensor tree'.");
        int inside = writer.Nodes.Count(n => n.Path.StartsWith(path + "/", StringComparison.Ordinal));
        if (inside > 0 && !recursive)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Group {path} holds {inside} node(s). Remove it with everything in it: 'dotnet tensor rm -r {path}'.");
        var removed = writer.Nodes.Where(n => n.Path == path || n.Path.StartsWith(path + "/", StringComparison.Ordinal)).Select(n => n.Path).Order(StringComparer.Ordinal).ToList();
        writer.Remove(path);
        string what = node.Kind.ToString().ToLowerInvariant();
        return ReportDone(context, $"Removed {what} {path}{(inside > 0 ? $" and the {inside} node(s) in it" : "")} (staged). 'dotnet tensor reset' brings it back before you commit.",
            w => JsonShapes.WriteRemoval(w, path, node.Kind, [], removed));
    }

    public static Command CreateMove()
    {
        var source = new Argument<string>("SRC") { Description = "Node to move or rename" };
        var destination = new Argument<string>("DST") { Description = "New path" };
        var command = new Command("mv", "Move or rename a node (metadata only; samples are not copied)") { source, destination };
        return command.HandleWithWriter((context, _, writer) =>
        {
            writer.Move(context.Get(source), context.Get(destination));
            string moved = Names.NormalizePath(context.Get(destination));
            return ReportDone(context, $"Moved {Names.NormalizePath(context.Get(source))} to {moved} (staged).", w => WriteNode(w, writer, moved));
        });
    }

    /// <summary>The output of a command that changed something: a line of text, or with <c>--json</c> what it made (<paramref name="json"/>).</summary>
    public static int ReportDone(CommandContext context, string message, Action<Utf8JsonWriter> json)
    {
        if (context.Json)
            context.WriteJson(json);
        else
            context.Out.WriteLine(message);
        return 0;
    }

    /// <summary>The staged node at <paramref name="path"/>, as <see cref="JsonShapes.WriteNode"/> writes it.</summary>
    public static void WriteNode(Utf8JsonWriter w, WriteCheckout writer, string path) =>
        JsonShapes.WriteNode(w, writer.Nodes.First(n => n.Path == path));
}
