using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>pull [REMOTE]</c>: fetch, then merge the remote's branch of the same name into the current one.</summary>
internal static class PullCommand
{
    public static Command Create()
    {
        var remote = new Argument<string>("REMOTE") { Description = "The remote to pull from", DefaultValueFactory = _ => RemoteCollection.DefaultRemote };
        var strategy = new Option<string>("--strategy") { Description = "fail: stop at conflicts for you to resolve; ours/theirs: take that side of every conflict", DefaultValueFactory = _ => "fail" };
        strategy.AcceptOnlyFromAmong("fail", "ours", "theirs");
        var command = new Command("pull", "Fetch from a remote and merge its branch into the current branch") { remote, strategy };
        return command.HandleWithRepository((context, repo) =>
        {
            var fetched = repo.Remotes.Fetch(new FetchOptions { Remote = context.Get(remote) });
            using var writer = repo.OpenWriter();
            string tracking = $"{fetched.Remote}/{writer.Branch}";
            if (!fetched.Updates.Any(u => u.Name == tracking) && !IsKnown(repo, tracking))
                throw new NotFoundException(ErrorCode.RefNotFound, $"{fetched.Remote} has no branch '{writer.Branch}'; push it with 'dotnet tensor push {fetched.Remote}'.");
            var result = writer.Merge(tracking, new MergeOptions { Strategy = Enum.Parse<MergeStrategy>(context.Get(strategy), ignoreCase: true) });
            if (context.Json)
            {
                context.WriteJson(w => TransferJson.WritePull(w, fetched, result));
            }
            else
            {
                RemoteTransferText.PrintFetch(context, fetched);
                MergeCommands.Print(context, writer.Branch, tracking, result);
            }
            return result.Status == MergeStatus.Conflicts ? ErrorCode.MergeConflict.ExitCode() : 0;
        });
    }

    private static bool IsKnown(Repository repo, string revision)
    {
        try
        {
            repo.Lookup(revision);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
