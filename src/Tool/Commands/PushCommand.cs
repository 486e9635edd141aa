using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>push [REMOTE] [BRANCH] [--force] [--tags]</c>.</summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var remote = new Argument<string>("REMOTE") { Description = "The remote to push to", DefaultValueFactory = _ => RemoteCollection.DefaultRemote };
        var branch = new Argument<string?>("BRANCH") { Description = "The branch to push (default: the current one)", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force", "-f") { Description = "Move the remote branch even if that drops commits it has (a server needs a token of scope 'force')" };
        var tags = new Option<bool>("--tags") { Description = "Also create on the remote every local tag it lacks (tags are never moved)" };
        var command = new Command("push", "Send a branch's new commits and data to a remote and move its branch (fast-forward only unless --force)") { remote, branch, force, tags };
        return command.HandleWithRepository((context, repo) =>
        {
            var result = repo.Remotes.Push(new PushOptions { Remote = context.Get(remote), Branch = context.Get(branch), Force = context.Get(force), Tags = context.Get(tags) });
            if (context.Json)
            {
                context.WriteJson(w => TransferJson.WritePush(w, result));
            }
            else
            {
                string from = result.OldTip is { } old ? old.ToShortString() : "(new branch)";
                context.Out.WriteLine(result.UpToDate
                    ? $"{result.Remote}/{result.Branch} is already at {result.NewTip.ToShortString()}{(result.Stats.Links > 0 ? $"; sent {result.Stats.Links} git link(s)" : "")}."
                    : $"Pushed {result.Branch} to {result.Remote}: {from}..{result.NewTip.ToShortString()} ({RemoteTransferText.Summary(result.Stats)}).");
                foreach (var tag in result.Tags)
                    context.Out.WriteLine($"  tag {tag}: created on {result.Remote}");
            }
            return 0;
        });
    }
}
