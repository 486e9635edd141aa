using System.CommandLine;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary><c>status</c>: branch, head, staged changes, merge in progress, lock holder. Takes no lock.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var chunks = new Option<bool>("--chunks") { Description = "Under each changed array, list its changed chunk coordinates (e.g. +0/3 ~1/2)" };
        var brief = new Option<bool>("--short", "-s") { Description = "One line per changed node (A added, D removed, R moved, M modified) and per conflict (U)" };
        return new Command("status", "Show the branch, head, staged changes, a merge in progress and the lock holder") { chunks, brief }
        .HandleWithRepository((context, repo) =>
        {
            var view = StagedView.Open(repo);
            var status = view.Status(new DiffOptions { IncludeKeys = context.Get(chunks) });
            var holder = repo.LockStatus();
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteStatus(w, status, holder));
                return 0;
            }
            if (context.Get(brief))
                PrintShort(context, status);
            else
                Print(context, status, holder);
            return 0;
        });
    }

    /// <summary>git's <c>status -s</c>: a branch line, then a letter and a path per change.</summary>
    private static void PrintShort(CommandContext context, StatusResult status)
    {
        var paint = context.Paint;
        string where = status.IsDetached ? $"HEAD (detached at {status.Head!.ShortId})" : status.Branch;
        context.Out.WriteLine($"## {paint.Branch(where)}{(status.MergeHead is not null ? $" ({Merging(status)})" : "")}{(status.Operation is { IsRunning: false } ? " (interrupted operation)" : "")}");
        foreach (var node in status.Staged.Nodes)
        {
            string letter = node.Change switch
            {
                NodeChange.Added => paint.Added("A"),
                NodeChange.Removed => paint.Removed("D"),
                NodeChange.Moved => paint.Changed("R"),
                _ => paint.Changed("M"),
            };
            context.Out.WriteLine($"{letter} {(node.OldPath is { } old ? $"{old} -> " : "")}{node.Path}");
        }
        foreach (var conflict in status.Conflicts)
            context.Out.WriteLine($"{paint.Removed("U")} {conflict.Path}{(conflict.Key is { } key ? $" {key}" : "")}");
    }

    private static string ChunkMark(SampleChange change) => change switch
    {
        SampleChange.Added => "+",
        SampleChange.Removed => "-",
        _ => "~",
    };

    private static void Print(CommandContext context, StatusResult status, WriterLockInfo? holder)
    {
        var paint = context.Paint;
        var o = context.Out;
        if (status.IsDetached)
            o.WriteLine($"HEAD detached at {paint.Commit(status.Head!.ShortId)}: a read-only checkout. 'dotnet tensor switch {status.Branch}' goes back; 'dotnet tensor switch -c NAME' starts a branch here.");
        else
            o.WriteLine($"On branch {paint.Branch(status.Branch)}");
        o.WriteLine(status.Head is { } head
            ? $"Head {paint.Commit(head.ShortId)} {head.Message.Split('\n')[0]}"
            : "No commits yet.");
        if (status.MergeHead is not null)
        {
            bool pick = status.MergeKind is MergeKind.CherryPick or MergeKind.Revert;
            string verb = status.MergeKind.Name();
            string finish = pick ? Advice.PickCommands(status.MergeKind).Continue : "'dotnet tensor commit -m ...'";
            string abort = pick ? Advice.PickCommands(status.MergeKind).Abort : "'dotnet tensor merge --abort'";
            string merging = Merging(status);
            o.WriteLine($"{char.ToUpperInvariant(merging[0])}{merging[1..]}: {status.Conflicts.Count} unresolved conflict(s).");
            o.WriteLine(status.Conflicts.Count > 0
                ? $"  List them with 'dotnet tensor conflicts', take a side with 'dotnet tensor resolve PATH [KEY] --ours|--theirs', then {finish}; or {abort}."
                : $"  All conflicts are resolved: {finish} to finish the {verb}, or {abort}.");
        }
        var staged = status.Staged.Nodes;
        if (staged.Count == 0)
        {
            o.WriteLine("Nothing staged.");
        }
        else
        {
            o.WriteLine("Staged changes (samples +added -removed ~mutated):");
            int width = Counts.PathWidth(staged);
            foreach (var node in staged)
            {
                o.WriteLine(Counts.NodeLine(node, paint, width));
                if (node.Kind == NodeKind.Array && node.Keys.Count > 0)
                    o.WriteLine($"      {string.Join(" ", node.Keys.Select(k => ChunkMark(k.Change) + k.Key))}");
            }
            o.WriteLine("Commit them with 'dotnet tensor commit -m ...', or discard them with 'dotnet tensor reset'.");
        }
        if (status.Operation is { } operation)
            o.WriteLine(OperationText.Describe(operation));
        if (holder is not null)
        {
            string state = holder.IsStale ? "stale (its process is gone; 'dotnet tensor lock release' frees it)" : "live";
            o.WriteLine($"Writer lock: held by process {holder.ProcessId} on {holder.Host} since {holder.Acquired.ToLocalTime():yyyy-MM-dd HH:mm:ss}, {state}.");
        }
    }

    /// <summary>"merging X", "cherry-picking X", "reverting X" or "squashing X" for the merge in progress.</summary>
    private static string Merging(StatusResult status)
    {
        var commit = (status.MergeSource ?? status.MergeHead!.Value).ToShortString();
        return status.MergeKind switch
        {
            MergeKind.CherryPick => $"cherry-picking {commit}",
            MergeKind.Revert => $"reverting {commit}",
            MergeKind.Squash => $"squashing {commit}",
            _ => $"merging {commit}",
        };
    }
}
