using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>commit -m MSG</c>.</summary>
internal static class CommitCommand
{
    public static Command Create()
    {
        var message = new Option<string>("--message", "-m") { Description = "The commit message", Required = true };
        var command = new Command("commit", "Record the staged changes (and finish a merge) as a new commit") { message };
        return command.HandleWithWriter((context, _, writer) =>
        {
            var commit = writer.Commit(context.Get(message));
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteCommit(w, commit));
                return 0;
            }
            string merge = commit.IsMerge ? " (merge)" : "";
            context.Out.WriteLine($"[{context.Paint.Branch(writer.Branch)} {context.Paint.Commit(commit.ShortId)}]{merge} {commit.Message.Split('\n')[0]}");
            return 0;
        });
    }
}
