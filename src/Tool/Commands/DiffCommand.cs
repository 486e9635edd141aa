using System.CommandLine;
using Tessera.Tool.Cli;
using Tessera.Tool.Output;

namespace Tessera.Tool.Commands;

/// <summary>
/// <c>diff [A [B]]</c>: no revision compares HEAD with the staging area, one compares A with the
/// staging area, two compare A with B (and list what merging B into A would conflict on).
/// </summary>
internal static class DiffCommand
{
    private const int KeysShownPerNode = 20;

    public static Command Create()
    {
        var from = new Argument<string?>("A") { Description = "Old side: a commit, branch or tag (default: HEAD); or a range A..B (A against B) or A...B (their merge base against B)", Arity = ArgumentArity.ZeroOrOne };
        var to = new Argument<string?>("B") { Description = "New side (default: the staging area)", Arity = ArgumentArity.ZeroOrOne };
        var stat = new Option<bool>("--stat") { Description = "Only counts per node, no keys" };
        var numeric = new Option<bool>("--numeric") { Description = "For mutated numeric samples: elements changed and max |difference|" };
        var chunks = new Option<bool>("--chunks") { Description = "List every changed chunk of arrays (coordinates as 0/3), not only the first 20" };
        var glob = new Option<string?>("--path") { Description = "Only nodes matching this glob (* within a segment, ** across)", HelpName = "glob" };
        var nameOnly = new Option<bool>("--name-only") { Description = "Only the paths of changed nodes, one per line" };
        var command = new Command("diff", "Show changed nodes and samples between commits or against the staging area") { from, to, stat, numeric, chunks, glob, nameOnly };
        return command.HandleWithRepository((context, repo) =>
        {
            var options = new DiffOptions
            {
                IncludeKeys = !context.Get(stat) && !context.Get(nameOnly),
                // The text shows a few keys per node: the rest are counted, not gathered (an import's millions).
                MaxKeys = context.Json || context.Get(chunks) ? int.MaxValue : KeysShownPerNode,
                Numeric = context.Get(numeric),
                PathGlob = context.Get(glob),
            };
            var (a, b) = Sides(repo, context.Get(from), context.Get(to));
            DiffResult diff;
            IReadOnlyList<Conflict> conflicts;
            if (b is null)
            {
                var view = StagedView.Open(repo);
                diff = view.Diff(a, options);
                conflicts = view.Conflicts;
            }
            else
            {
                diff = repo.Diff(a!, b, options);
                conflicts = MergePreview.Conflicts(repo, a!, b);
            }
            if (context.Json)
            {
                context.WriteJson(w => JsonShapes.WriteDiff(w, diff, conflicts, options.IncludeKeys));
                return 0;
            }
            if (context.Get(nameOnly))
            {
                foreach (var node in diff.Nodes)
                    context.Out.WriteLine(node.Path);
                return 0;
            }
            Print(context, diff, conflicts, b is null ? "Conflicts of the merge in progress" : $"Merging {b} into {a} would conflict on", context.Get(chunks));
            return 0;
        });
    }

    /// <summary>The two sides: A and B as given, or the ends of a range (A...B compares the merge base of A and B with B).</summary>
    private static (string? A, string? B) Sides(Repository repo, string? a, string? b)
    {
        if (RevisionRange.TryParse(a) is not { } range)
            return (a, b);
        if (b is not null)
            throw new InvalidInputException(ErrorCode.Usage, $"Give either a range ({a}) or two revisions, not both.");
        if (!range.Symmetric)
            return (range.From, range.To);
        var mergeBase = repo.Commits.MergeBase(range.From, range.To)
            ?? throw new NotFoundException(ErrorCode.RefNotFound, $"{range.From} and {range.To} share no history, so '{range}' has no merge base to compare from; compare them directly with '{range.From}..{range.To}'.");
        return (mergeBase.Id.ToString(), range.To);
    }

    private static void Print(CommandContext context, DiffResult diff, IReadOnlyList<Conflict> conflicts, string conflictTitle, bool allChunks)
    {
        var o = context.Out;
        var paint = context.Paint;
        if (diff.IsEmpty)
            o.WriteLine($"No differences between {diff.From} and {diff.To}.");
        int width = Counts.PathWidth(diff.Nodes);
        foreach (var node in diff.Nodes)
        {
            o.WriteLine(Counts.NodeLine(node, paint, width));
            int shown = Math.Min(node.Keys.Count, allChunks && node.Kind == NodeKind.Array ? node.Keys.Count : KeysShownPerNode);
            foreach (var key in node.Keys.Take(shown))
                o.WriteLine($"      {KeyLine(key, paint)}");
            // With keys listed at all (not --stat): the changes past those shown.
            long changed = node.Added + node.Removed + node.Mutated;
            if (node.Keys.Count > 0 && changed > shown)
                o.WriteLine(paint.Dim($"      ... and {changed - shown} more (all of them with --json, or --chunks for arrays)"));
        }
        if (!diff.IsEmpty)
            o.WriteLine($"{diff.Nodes.Count} node(s) changed: {diff.Added} sample(s) added, {diff.Removed} removed, {diff.Mutated} mutated.");
        if (conflicts.Count > 0)
        {
            o.WriteLine($"{conflictTitle}:");
            foreach (var conflict in conflicts)
                o.WriteLine($"  {ConflictText.Line(conflict, paint)}");
        }
    }

    private static string KeyLine(KeyChange key, Paint paint)
    {
        string mark = key.Change switch
        {
            SampleChange.Added => paint.Added("+"),
            SampleChange.Removed => paint.Removed("-"),
            _ => paint.Changed("~"),
        };
        string stats = key.Numeric is { } n
            ? $"  {n.ElementsChanged} element(s) changed" + (n.MaxAbsDifference is { } max ? $", max |diff| {max:G6}" : ", shape or dtype changed")
            : "";
        return $"{mark} {key.Key}{stats}";
    }
}
