using System.CommandLine;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>reset</c>, <c>verify</c>, <c>gc</c> and <c>lock status|release</c>.</summary>
internal static class MaintenanceCommands
{
    public static Command CreateReset()
    {
        var revision = new Argument<string?>("REV") { Description = "Move the current branch here (with --soft or --hard)", Arity = ArgumentArity.ZeroOrOne };
        var soft = new Option<bool>("--soft") { Description = "Keep the content: what the branch and the staging area held becomes staged changes on REV" };
        var hard = new Option<bool>("--hard") { Description = "The staging area becomes REV; staged changes are discarded" };
        var force = new Option<bool>("--force", "-f") { Description = "Move even when commits end up on no branch or tag (the ref log keeps them 30 days)" };
        var command = new Command("reset", "Discard every staged change (and a merge in progress), or move the current branch to REV") { revision, soft, hard, force };
        return command.HandleWithWriter((context, repo, writer) =>
        {
            if (context.Get(soft) && context.Get(hard))
                throw new InvalidInputException(ErrorCode.Usage, "Give one of --soft or --hard, not both.");
            if (context.Get(revision) is not { } target)
            {
                if (context.Get(soft) || context.Get(force))
                    throw new InvalidInputException(ErrorCode.Usage, "Say where to move the branch: 'dotnet tensor reset --soft|--hard REV'.");
                writer.Reset();
                return NodeCommands.ReportDone(context, $"Discarded the staged changes; the staging area is at the tip of {writer.Branch}.", w => BranchCommands.WriteHead(w, repo));
            }
            if (!context.Get(soft) && !context.Get(hard))
                throw new InvalidInputException(ErrorCode.Usage, $"Say what happens to the staging area: 'dotnet tensor reset --soft {target}' keeps the content as staged changes, '--hard' discards them.");
            var move = writer.ResetTo(target, context.Get(soft) ? ResetMode.Soft : ResetMode.Hard, context.Get(force));
            return BranchCommands.ReportMove(context, move, context.Get(soft) ? " What it held is staged." : "");
        }, context => new WriterOptions { DiscardStaging = context.Get(revision) is null || context.Get(hard) });
    }

    public static Command CreateVerify()
    {
        var all = new Option<bool>("--all") { Description = "List every problem, not a summary per kind" };
        return new Command("verify", "Re-hash every object and check that history is complete") { all }
        .HandleWithRepository((context, repo) =>
        {
            var result = context.WithProgress("verify", repo.Verify);
            if (context.Json)
                context.WriteJson(w => JsonShapes.WriteVerify(w, result));
            else
                Print(context, result, context.Get(all));
            return result.IsOk ? 0 : ErrorCode.CorruptObject.ExitCode();
        });
    }

    /// <summary>How many problems of one kind are listed before the rest is summed up.</summary>
    private const int ShownPerKind = 5;

    private static void Print(CommandContext context, VerifyResult result, bool all)
    {
        var o = context.Out;
        o.WriteLine($"Checked {result.Commits} commit(s), {result.Pages} page(s), {result.Blobs} sample blob(s) ({Counts.Bytes(result.BlobBytes)}).");
        if (result.IsOk)
        {
            o.WriteLine(context.Paint.Added("Everything is intact."));
            return;
        }
        foreach (var kind in result.Problems.GroupBy(p => p.Kind))
        {
            var nodes = kind.Where(p => p.Node is not null).Select(p => p.Node!).Distinct().ToList();
            string where = nodes.Count == 0 ? "" : $" in {string.Join(", ", nodes.Take(5))}{(nodes.Count > 5 ? $" and {nodes.Count - 5} more node(s)" : "")}";
            o.WriteLine($"{context.Paint.Removed(kind.Key)}: {kind.Count()} problem(s){where}");
            foreach (var problem in all ? kind : kind.Take(ShownPerKind))
                o.WriteLine($"  {(problem.Id.Length > 0 ? Short(problem.Id) + " " : "")}at {problem.Where}: {problem.Message}{Restore(problem)}");
            if (!all && kind.Count() > ShownPerKind)
                o.WriteLine($"  … and {kind.Count() - ShownPerKind} more ('dotnet tensor verify --all' lists them, '--json' too)");
        }
        o.WriteLine(result.Problems.All(IsStaging)
            ? $"{result.Problems.Count} problem(s), in uncommitted changes only; commits are intact."
            : $"{result.Problems.Count} problem(s). Restore the damaged files from a backup or a clone; corrupt data is never returned as samples.");
    }

    private static bool IsStaging(VerifyProblem problem) => problem.Kind == "staging";

    private static string Short(string id) => id.Length == 64 ? id[..12] : id;

    /// <summary>The command that keeps a commit a lost ref still points to, or that discards a damaged staging area (the problem's message says why).</summary>
    private static string Restore(VerifyProblem problem) =>
        problem.Details.TryGetValue(ErrorDetail.Commit, out var commit) ? $" Run 'dotnet tensor branch RESTORED {commit}'."
        : IsStaging(problem) ? " Run 'dotnet tensor reset'."
        : "";

    public static Command CreateGc()
    {
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Only report what would be removed" };
        var pruneNow = new Option<bool>("--prune-now") { Description = "Also remove commits that only the ref log names (kept 30 days by default, so that a reset can be undone)" };
        var remote = new Option<string?>("--remote") { Description = "Collect this remote (a folder, server or s3:// remote) instead: delete what none of its refs reaches, safely against pushes running meanwhile" };
        var grace = new Option<string?>("--grace-period") { Description = "With --remote: delete only what an earlier gc found unreachable at least this long ago (default 1d; e.g. 36h, 2d, 0s)" };
        var command = new Command("gc", "Remove commits, pages and samples no branch, tag, staging area or recent ref-log entry reaches") { dryRun, pruneNow, remote, grace };
        return command.HandleWithRepository((context, repo) =>
        {
            if (context.Get(remote) is { } name)
            {
                if (context.Get(dryRun) || context.Get(pruneNow))
                    throw new InvalidInputException(ErrorCode.Usage, "gc --remote takes no --dry-run or --prune-now: what it deletes waits for the grace period instead.");
                return CollectRemote(context, repo, name, context.Get(grace));
            }
            if (context.Get(grace) is not null)
                throw new InvalidInputException(ErrorCode.Usage, "--grace-period goes with --remote: 'dotnet tensor gc --remote origin --grace-period 2d'.");
            var result = context.WithProgress("gc", progress => repo.CollectGarbage(context.Get(dryRun), progress, keepRefLogCommits: !context.Get(pruneNow)));
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteGc(w, result));
                return 0;
            }
            string verb = result.DryRun ? "Would remove" : "Removed";
            context.Out.WriteLine($"{verb} {result.Commits} commit(s), {result.Pages} page(s) and {result.Blobs} sample blob(s): {Counts.Bytes(result.BytesFreed)}; {result.PacksRewritten} pack(s) {(result.DryRun ? "to rewrite" : "rewritten")}.");
            return 0;
        });
    }

    private static int CollectRemote(CommandContext context, Repository repo, string remote, string? grace)
    {
        var period = grace is null ? RemoteGcOptions.DefaultGracePeriod : Durations.Parse(grace, "--grace-period");
        var result = repo.Remotes.CollectGarbage(new RemoteGcOptions { Remote = remote, GracePeriod = period });
        if (context.Json)
        {
            context.WriteJson(w => TransferJson.WriteRemoteGc(w, result));
            return 0;
        }
        context.Out.WriteLine($"Removed {result.Commits} commit(s), {result.Pages} page(s) and {result.Blobs} sample blob(s) from {result.Remote}; " +
            $"{Counts.Bytes(result.BytesFreed)} of packs deleted, {result.PacksRewritten} pack(s) rewritten, in {result.Elapsed.TotalSeconds:0.0} s.");
        if (result.Waiting > 0)
            context.Out.WriteLine($"{result.Waiting} unreachable object(s) wait out the grace period ({Durations.Format(result.GracePeriod)}); a later gc --remote deletes them.");
        return 0;
    }

    public static Command CreateLock()
    {
        var status = new Command("status", "Show who holds the writer lock").HandleWithRepository((context, repo) =>
        {
            var holder = repo.LockStatus();
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteLock(w, holder));
                return 0;
            }
            context.Out.WriteLine(holder is null
                ? "Nobody holds the writer lock."
                : $"Held by process {holder.ProcessId} on {holder.Host} since {holder.Acquired.ToLocalTime():yyyy-MM-dd HH:mm:ss}; {(holder.IsStale ? "stale (its process is gone): 'dotnet tensor lock release' frees it." : "live.")}");
            return 0;
        });
        var force = new Option<bool>("--force") { Description = "Release a live holder's lock too (only when you know it is not writing)" };
        var release = new Command("release", "Release a stale writer lock (a live one only with --force)") { force };
        release.HandleWithRepository((context, repo) =>
        {
            var holder = repo.ReleaseLock(context.Get(force));
            return NodeCommands.ReportDone(context, holder is null ? "Nobody held the writer lock." : $"Released the lock of process {holder.ProcessId} on {holder.Host}.",
                w => JsonShapes.WriteLockRelease(w, holder));
        });
        return new Command("lock", "Inspect or release the writer lock") { status, release };
    }
}
