using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>commit -m MSG</c> and <c>commit --amend</c>.</summary>
internal static class CommitCommand
{
    public static Command Create()
    {
        var message = new Option<string?>("--message", "-m") { Description = "The commit message (with --amend: default the amended commit's)" };
        var amend = new Option<bool>("--amend") { Description = "Replace the branch tip: its changes plus the staged ones, with the same parents" };
        var command = new Command("commit", "Record the staged changes (and finish a merge) as a new commit") { message, amend };
        return command.HandleWithWriter((context, _, writer) =>
        {
            if (context.Get(message) is null && !context.Get(amend))
                throw new InvalidInputException(ErrorCode.Usage, "A commit needs a message: 'dotnet tensor commit -m \"...\"'.");
            var commit = writer.Commit(context.Get(message), new CommitOptions { Amend = context.Get(amend) });
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
