using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>push [REMOTE] [BRANCH] [--force] [--tags]</c>, and <c>push REMOTE --delete NAME…</c>.</summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var remote = new Argument<string>("REMOTE") { Description = "The remote to push to", DefaultValueFactory = _ => RemoteCollection.DefaultRemote };
        var branch = new Argument<string[]>("BRANCH") { Description = "The branch to push (default: the current one); with --delete, the branches and tags to delete", Arity = ArgumentArity.ZeroOrMore };
        var force = new Option<bool>("--force", "-f") { Description = "Move the remote branch even if that drops commits it has (a server needs a token of scope 'force')" };
        var tags = new Option<bool>("--tags") { Description = "Also create on the remote every local tag it lacks (tags are never moved)" };
        var delete = new Option<bool>("--delete", "-d") { Description = "Delete the named branches and tags on the remote (refs/heads/NAME or refs/tags/NAME where a name is both)" };
        var command = new Command("push", "Send a branch's new commits and data to a remote and move its branch (fast-forward only unless --force), or delete remote branches and tags") { remote, branch, force, tags, delete };
        return command.HandleWithRepository((context, repo) =>
        {
            var names = context.Get(branch) ?? [];
            if (context.Get(delete))
                return Delete(context, repo, context.Get(remote), names, context.Get(force) || context.Get(tags));
            if (names.Length > 1)
                throw new InvalidInputException(ErrorCode.Usage, $"Push one branch at a time (got {names.Length}); to delete remote branches or tags, add --delete.");
            var result = repo.Remotes.Push(new PushOptions { Remote = context.Get(remote), Branch = names.FirstOrDefault(), Force = context.Get(force), Tags = context.Get(tags) });
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

    private static int Delete(CommandContext context, Repository repo, string remote, string[] names, bool withPushOptions)
    {
        if (withPushOptions)
            throw new InvalidInputException(ErrorCode.Usage, "--delete takes no --force or --tags: it deletes the named refs only if they are where they were read.");
        if (names.Length == 0)
            throw new InvalidInputException(ErrorCode.Usage, "Name the branches or tags to delete: 'dotnet tensor push origin --delete NAME'.");
        var deleted = repo.Remotes.PushDelete(names, remote);
        if (context.Json)
        {
            context.WriteJson(w => TransferJson.WritePushDelete(w, remote, deleted));
            return 0;
        }
        foreach (var d in deleted)
            context.Out.WriteLine($"Deleted {d.Kind} {d.Name} on {remote} (was {d.Old.ToShortString()}).");
        return 0;
    }
}
