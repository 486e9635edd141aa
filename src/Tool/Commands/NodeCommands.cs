using System.CommandLine;
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
            return ReportDone(context, $"Created group {Names.NormalizePath(context.Get(path))}.");
        });
        return new Command("group", "Create groups that hold other nodes") { add };
    }

    public static Command CreateMove()
    {
        var source = new Argument<string>("SRC") { Description = "Node to move or rename" };
        var destination = new Argument<string>("DST") { Description = "New path" };
        var command = new Command("mv", "Move or rename a node (metadata only; samples are not copied)") { source, destination };
        return command.HandleWithWriter((context, _, writer) =>
        {
            writer.Move(context.Get(source), context.Get(destination));
            return ReportDone(context, $"Moved {Names.NormalizePath(context.Get(source))} to {Names.NormalizePath(context.Get(destination))} (staged).");
        });
    }

    /// <summary>The output of commands that only report success: a line of text, or <c>{"ok": true, "message": ...}</c>.</summary>
    public static int ReportDone(CommandContext context, string message)
    {
        if (context.Json)
        {
            context.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("ok", true);
                w.WriteString("message", message);
                w.WriteEndObject();
            });
        }
        else
        {
            context.Out.WriteLine(message);
        }
        return 0;
    }
}
