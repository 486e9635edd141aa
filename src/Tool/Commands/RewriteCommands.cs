using System.CommandLine;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>cherry-pick</c>, <c>revert</c> and <c>reflog</c>: changing history on the current branch, and the record of every ref move.</summary>
internal static class RewriteCommands
{
    public static Command CreateCherryPick() => CreatePick(MergeKind.CherryPick);

    public static Command CreateRevert() => CreatePick(MergeKind.Revert);

    private static Command CreatePick(MergeKind kind)
    {
        string verb = kind.Name();
        // One argument type for both; a revert takes one commit (checked below, as System.CommandLine cannot bound an array to one).
        var commits = new Argument<string[]>("COMMIT")
        {
            Description = kind == MergeKind.CherryPick ? "The commits whose changes to apply, in order" : "The commit whose changes to undo",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var mainline = new Option<int?>("--mainline", "-m") { Description = "For a merge commit: the parent (1, 2, …) its changes are taken against" };
        var proceed = new Option<bool>("--continue") { Description = $"Commit the {verb} whose conflicts you resolved, and go on" };
        var abort = new Option<bool>("--abort") { Description = $"Abandon the {verb} in progress and everything it staged" };
        string summary = kind == MergeKind.CherryPick
            ? "Apply the changes of existing commits onto the current branch, one new commit each"
            : "Make a new commit that undoes an earlier commit's changes";
        var command = new Command(verb, summary) { commits, mainline, proceed, abort };
        return command.HandleWithWriter((context, repo, writer) =>
        {
            var given = context.Get(commits) ?? [];
            if (context.Get(abort) || context.Get(proceed))
            {
                if (given.Length > 0 || context.Get(abort) && context.Get(proceed))
                    throw new InvalidInputException(ErrorCode.Usage, $"'{verb} --continue' and '{verb} --abort' take no COMMIT, and not both.");
                if (context.Get(abort))
                {
                    var status = writer.Status();
                    if (status.MergeHead is null || status.MergeKind != kind)
                        throw new StateException(ErrorCode.NoMergeInProgress, $"No {verb} is in progress.");
                    writer.AbortMerge();
                    return NodeCommands.ReportDone(context, $"The {verb} is abandoned; the staging area is back at the tip of {writer.Branch}.", w => BranchCommands.WriteHead(w, repo));
                }
                return Report(context, writer.Branch, writer.ContinuePick());
            }
            if (given.Length == 0)
                throw new InvalidInputException(ErrorCode.Usage, kind == MergeKind.Revert
                    ? "Say which commit: 'dotnet tensor revert COMMIT', or '--continue' / '--abort'."
                    : "Say which commits: 'dotnet tensor cherry-pick COMMIT...', or '--continue' / '--abort'.");
            if (kind == MergeKind.Revert && given.Length > 1)
                throw new InvalidInputException(ErrorCode.Usage, "'revert' undoes one commit at a time: give one COMMIT.");
            var options = new PickOptions { Mainline = context.Get(mainline) };
            var result = kind == MergeKind.CherryPick ? writer.CherryPick(given, options) : writer.Revert(given[0], options);
            return Report(context, writer.Branch, result);
        });
    }

    private static int Report(CommandContext context, string branch, PickResult result)
    {
        if (context.Json)
        {
            context.WriteJson(w => JsonShapes.WritePickResult(w, result));
            return result.Status == PickStatus.Conflicts ? ErrorCode.MergeConflict.ExitCode() : 0;
        }
        var o = context.Out;
        var paint = context.Paint;
        string verb = result.Kind.Name();
        foreach (var id in result.Skipped)
            o.WriteLine($"Skipped {paint.Commit(id.ToShortString())}: its changes are already on {branch}.");
        foreach (var commit in result.Commits)
            o.WriteLine($"[{paint.Branch(branch)} {paint.Commit(commit.ShortId)}] {commit.Message.Split('\n')[0]}");
        if (result.Status == PickStatus.Done)
        {
            if (result.Commits.Count == 0)
                o.WriteLine($"Nothing to {verb}: no commit changes anything on {branch}.");
            return 0;
        }
        o.WriteLine($"The {verb} of {paint.Commit(result.Stopped!.Value.ToShortString())} stopped at {result.Conflicts.Count} conflict(s):");
        foreach (var conflict in result.Conflicts.Take(20))
            o.WriteLine($"  {ConflictText.Line(conflict, paint)}");
        if (result.Conflicts.Count > 20)
            o.WriteLine($"  … and {result.Conflicts.Count - 20} more: list them with 'dotnet tensor conflicts'.");
        if (result.Remaining.Count > 0)
            o.WriteLine($"{result.Remaining.Count} more commit(s) wait to be applied after it.");
        var (proceed, abort) = Advice.PickCommands(result.Kind);
        o.WriteLine($"Take a side with 'dotnet tensor resolve PATH [KEY] --ours|--theirs', then {proceed}; or {abort}.");
        return ErrorCode.MergeConflict.ExitCode();
    }

    public static Command CreateRefLog()
    {
        var name = new Argument<string?>("REF") { Description = "Only this branch, tag or remote-tracking branch", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int?>("--max-count", "-n") { Description = "Show at most this many moves" };
        var command = new Command("reflog", "List every move of branches and tags, newest first (a reset or forced move is undone from here)") { name, limit };
        return command.HandleWithRepository((context, repo) =>
        {
            IEnumerable<RefLogEntry> moves = repo.RefLog(context.Get(name));
            if (context.Get(limit) is { } n)
                moves = moves.Take(Math.Max(0, n));
            var list = moves.ToList();
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteRefLog(w, list));
                return 0;
            }
            if (list.Count == 0)
                context.Out.WriteLine(context.Get(name) is { } ref_ ? $"The ref log names no move of '{ref_}'." : "The ref log is empty: no branch or tag has moved yet.");
            foreach (var e in list)
            {
                string from = e.Old is { } old ? context.Paint.Commit(old.ToShortString()) : "(new)";
                string to = e.New is { } @new ? context.Paint.Commit(@new.ToShortString()) : "(deleted)";
                string message = e.New is { } target && repo.Commits.TryGet(target) is { } commit ? $"  {commit.Message.Split('\n')[0]}" : "";
                context.Out.WriteLine($"{e.Time.ToLocalTime():yyyy-MM-dd HH:mm:ss}  {e.Kind} {e.Name}: {from} -> {to}{message}");
            }
            return 0;
        });
    }
}
