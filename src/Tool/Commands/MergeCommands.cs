using System.CommandLine;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>merge</c>, <c>merge --abort</c>, <c>conflicts</c> and <c>resolve</c>.</summary>
internal static class MergeCommands
{
    public static Command CreateMerge()
    {
        var revision = new Argument<string?>("BRANCH") { Description = "The branch (or any revision) to merge into the current branch", Arity = ArgumentArity.ZeroOrOne };
        var message = new Option<string?>("--message", "-m") { Description = "Message of the merge commit" };
        var strategy = new Option<string>("--strategy") { Description = "fail: stop at conflicts for you to resolve; ours/theirs: take that side of every conflict", DefaultValueFactory = _ => "fail" };
        strategy.AcceptOnlyFromAmong("fail", "ours", "theirs");
        var abort = new Option<bool>("--abort") { Description = "Abandon the merge in progress" };
        var squash = new Option<bool>("--squash") { Description = "Stage the branch's changes for one ordinary commit (one parent) instead of merging; commit them yourself" };
        var command = new Command("merge", "Merge a branch into the current one (fast-forward or three-way, per sample)") { revision, message, strategy, abort, squash };
        return command.HandleWithWriter((context, repo, writer) =>
        {
            if (context.Get(abort))
            {
                if (context.Get(revision) is not null)
                    throw new InvalidInputException(ErrorCode.Usage, "'merge --abort' takes no BRANCH.");
                writer.AbortMerge();
                return NodeCommands.ReportDone(context, "Merge aborted; the staging area is back at the branch tip.", w => BranchCommands.WriteHead(w, repo));
            }
            string theirs = context.Get(revision)
                ?? throw new InvalidInputException(ErrorCode.Usage, "Say what to merge: 'dotnet tensor merge BRANCH', or 'dotnet tensor merge --abort'.");
            var result = writer.Merge(theirs, new MergeOptions
            {
                Message = context.Get(message),
                Strategy = Enum.Parse<MergeStrategy>(context.Get(strategy), ignoreCase: true),
                Squash = context.Get(squash),
            });
            if (context.Json)
                context.WriteJson(w => JsonShapes.WriteMergeResult(w, result));
            else
                Print(context, writer.Branch, theirs, result);
            return result.Status == MergeStatus.Conflicts ? ErrorCode.MergeConflict.ExitCode() : 0;
        });
    }

    /// <summary>Above this many conflicts a merge prints counts per node and kind instead of each one.</summary>
    private const int ConflictsListed = 20;

    internal static void Print(CommandContext context, string branch, string theirs, MergeResult result)
    {
        var o = context.Out;
        var paint = context.Paint;
        switch (result.Status)
        {
            case MergeStatus.UpToDate:
                o.WriteLine($"Already up to date: {theirs} is in {branch}.");
                break;
            case MergeStatus.FastForward:
                o.WriteLine($"Fast-forward: {branch} is now at {paint.Commit(result.Commit!.ShortId)}.");
                break;
            case MergeStatus.Merged:
                o.WriteLine($"Merged {theirs} into {branch}: {paint.Commit(result.Commit!.ShortId)} {result.Commit.Message}");
                break;
            case MergeStatus.Squashed:
                o.WriteLine($"Staged the changes of {theirs} for one commit on {branch}. Commit them with 'dotnet tensor commit -m ...' (or 'dotnet tensor merge --abort').");
                break;
            default:
                o.WriteLine($"Merging {theirs} into {branch} stopped at {result.Conflicts.Count} conflict(s):");
                if (result.Conflicts.Count <= ConflictsListed)
                {
                    foreach (var conflict in result.Conflicts)
                        o.WriteLine($"  {ConflictText.Line(conflict, paint)}");
                }
                else
                {
                    foreach (var group in result.Conflicts.GroupBy(c => (c.Path, c.Kind)).OrderBy(g => g.Key.Path, StringComparer.Ordinal))
                        o.WriteLine($"  {group.Key.Path}: {group.Count()} {group.Key.Kind.Name()}");
                    o.WriteLine($"  List them all with 'dotnet tensor conflicts' (--json for a program).");
                }
                o.WriteLine("Take a side with 'dotnet tensor resolve PATH [KEY] --ours|--theirs' (PATH may be a glob), then 'dotnet tensor commit -m ...'; or 'dotnet tensor merge --abort'.");
                break;
        }
    }

    public static Command CreateConflicts() => new Command("conflicts", "List the unresolved conflicts of the merge in progress")
        .HandleWithRepository((context, repo) =>
        {
            var view = StagedView.Open(repo);
            if (!view.IsMerging)
                throw new StateException(ErrorCode.NoMergeInProgress, "No merge is in progress. Start one with 'dotnet tensor merge BRANCH'.");
            var conflicts = view.Conflicts;
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteConflicts(w, conflicts));
                return 0;
            }
            if (conflicts.Count == 0)
                context.Out.WriteLine("All conflicts are resolved. Finish the merge with 'dotnet tensor commit -m ...'.");
            foreach (var conflict in conflicts)
                context.Out.WriteLine(ConflictText.Line(conflict, context.Paint));
            return 0;
        });

    public static Command CreateResolve()
    {
        var path = new Argument<string>("PATH") { Description = "Node path or glob (e.g. /digits/* or /**)" };
        var key = new Argument<string?>("KEY") { Description = "Only this key's conflict (the attribute name for attribute conflicts)", Arity = ArgumentArity.ZeroOrOne };
        var ours = new Option<bool>("--ours") { Description = "Keep the current branch's side" };
        var theirs = new Option<bool>("--theirs") { Description = "Take the merged branch's side" };
        var command = new Command("resolve", "Resolve conflicts by taking one side") { path, key, ours, theirs };
        return command.HandleWithWriter((context, _, writer) =>
        {
            if (context.Get(ours) == context.Get(theirs))
                throw new InvalidInputException(ErrorCode.Usage, "Give exactly one of --ours or --theirs.");
            var side = context.Get(ours) ? MergeSide.Ours : MergeSide.Theirs;
            int resolved = writer.Resolve(context.Get(path), context.Get(key), side);
            int left = writer.Conflicts.Count;
            string next = left == 0 ? "Finish the merge with 'dotnet tensor commit -m ...'." : "List the rest with 'dotnet tensor conflicts'.";
            return NodeCommands.ReportDone(context, $"Resolved {resolved} conflict(s) with {side.ToString().ToLowerInvariant()}; {left} left. {next}",
                w => JsonShapes.WriteResolve(w, side, resolved, left));
        });
    }
}
