using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>purge PATH KEY... [--all-history] [--force]</c>: samples removed from every commit that holds them.</summary>
internal static class PurgeCommand
{
    public static Command Create()
    {
        var path = Arguments.NodePath("The column (or array) whose samples to remove from history");
        var keys = new Argument<string[]>("KEY") { Description = "Keys to remove (integer, or a string key)", Arity = ArgumentArity.OneOrMore };
        var allHistory = new Option<bool>("--all-history") { Description = "Rewrite every branch and tag that holds them, not only the current branch" };
        var force = new Option<bool>("--force") { Description = "Rewrite remote-tracking branches that hold them too (the remote keeps its copy until purged there)" };
        var command = new Command("purge", "Remove samples from history: every commit holding them is rewritten without them (then 'gc --prune-now' deletes their bytes)")
        {
            path, keys, allHistory, force,
        };
        return command.HandleWithWriter((context, _, writer) =>
        {
            var result = writer.Purge(context.Get(path), [.. context.Get(keys)!.Select(SampleKey.Parse)],
                new PurgeOptions { AllHistory = context.Get(allHistory), Force = context.Get(force) });
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WritePurge(w, result));
                return 0;
            }
            var o = context.Out;
            var paint = context.Paint;
            o.WriteLine($"Purged {string.Join(", ", result.Keys)} from {result.Path}: {result.EntriesRemoved} entr{(result.EntriesRemoved == 1 ? "y" : "ies")} in {result.Commits.Count} rewritten commit(s).");
            foreach (var rewrite in result.Commits)
                o.WriteLine($"  {paint.Commit(rewrite.Old.ToShortString())} -> {paint.Commit(rewrite.New.ToShortString())}");
            foreach (var moved in result.Refs)
                o.WriteLine($"{moved.Kind} {moved.Name}: {paint.Commit(moved.Old.ToShortString())} -> {paint.Commit(moved.New.ToShortString())}");
            o.WriteLine("The old commits stay in the ref log; delete their bytes with 'dotnet tensor gc --prune-now'."
                + (result.Refs.Any(r => r.Kind == "remote") ? " The remote still holds them: publish with 'dotnet tensor push --force' and purge there too." : ""));
            return 0;
        });
    }
}
