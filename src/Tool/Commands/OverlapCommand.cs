using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary>
/// <c>overlap A B [--keys-a SEL] [--keys-b SEL] [-n N]</c>: the leakage check. Lists the samples of
/// A whose content is also in B, from manifests alone; exits 82 when there are any, for CI.
/// </summary>
internal static class OverlapCommand
{
    private const int DefaultPairs = 20;

    public static Command Create()
    {
        var a = new Argument<string>("A") { Description = "A column as [REV:]PATH: main:/digits/images at a commit, branch or tag; /digits/images as staged" };
        var b = new Argument<string>("B") { Description = "The other column, as A" };
        var keysA = new Option<string?>("--keys-a") { Description = "Keys of A to use: START:STOP, split:NAME (from the 'splits' attribute), a pattern (* and ?), or keys separated by commas (default: all)", HelpName = "selection" };
        var keysB = new Option<string?>("--keys-b") { Description = "Keys of B to use, as --keys-a", HelpName = "selection" };
        var maxPairs = new Option<int?>("-n", "--max-pairs") { Description = $"List at most this many pairs (default {DefaultPairs}); the counts are always exact", HelpName = "n" };
        var command = new Command("overlap", "Find samples whose content is in both of two key sets (train/test leakage), reading no sample bytes; exit 82 when there are any")
        {
            a, b, keysA, keysB, maxPairs,
        };
        return command.HandleWithRepository((context, repo) =>
        {
            if (context.Get(maxPairs) is < 0)
                throw new InvalidInputException(ErrorCode.Usage, "-n must not be negative.");
            var (revisionA, pathA) = ParseSide(context.Get(a));
            var (revisionB, pathB) = ParseSide(context.Get(b));
            var viewA = IReadView.Open(repo, revisionA);
            var viewB = revisionB == revisionA ? viewA : IReadView.Open(repo, revisionB);
            var result = Overlap.Find(
                new OverlapSide(viewA, pathA, Selection(keysA.Name, context.Get(keysA))),
                new OverlapSide(viewB, pathB, Selection(keysB.Name, context.Get(keysB))),
                new OverlapOptions { MaxPairs = context.Get(maxPairs) ?? DefaultPairs });
            if (context.Json)
                context.WriteJson(w => JsonShapes.WriteOverlap(w, result));
            else
                Print(context, result, revisionA, revisionB);
            if (!result.HasOverlap)
                return 0;
            ErrorReporter.Write(ErrorCode.OverlapFound,
                $"A and B share {result.SharedContents} content(s): {result.A.SharedSamples} sample(s) of A are also in B. Remove or replace them on one side, or check the selections.", context.Json);
            return ErrorCode.OverlapFound.ExitCode();
        });
    }

    /// <summary><c>REV:PATH</c> reads a commit, <c>PATH</c> the staging area; neither revisions nor paths hold ':'.</summary>
    private static (string? Revision, string Path) ParseSide(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return (null, text);
        if (colon == 0)
            throw new InvalidInputException(ErrorCode.InvalidRevision, $"'{text}' has no revision before ':'. Write REV:PATH (main:/digits/images) for a commit, or PATH alone for the staging area.");
        return (text[..colon], text[(colon + 1)..]);
    }

    /// <summary>The selection an option gives; a malformed one is reported with the option's name, as the message alone does not say which it was.</summary>
    private static KeySelection Selection(string option, string? text)
    {
        try
        {
            return text is null ? KeySelection.All : KeySelection.Parse(text);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException(e.Code, $"{option} '{text}': {e.Message}");
        }
    }

    private static void Print(CommandContext context, OverlapResult result, string? revisionA, string? revisionB)
    {
        var paint = context.Paint;
        context.Out.WriteLine(SideLine("A", result.A, revisionA, paint));
        context.Out.WriteLine(SideLine("B", result.B, revisionB, paint));
        if (!result.HasOverlap)
        {
            context.Out.WriteLine("No overlap: A and B share no content.");
            return;
        }
        context.Out.WriteLine(paint.Removed($"Overlap: {result.SharedContents} content(s) in both, held by {result.A.SharedSamples} sample(s) of A and {result.B.SharedSamples} of B ({result.PairCount} pair(s)):"));
        foreach (var pair in result.Pairs)
            context.Out.WriteLine($"{JsonShapes.KeyText(pair.KeyA, pair.SubkeyA)}\t{JsonShapes.KeyText(pair.KeyB, pair.SubkeyB)}\t{paint.Dim(pair.Id.ToString())}");
        long more = result.PairCount - result.Pairs.Count;
        if (more > 0)
            context.Out.WriteLine($"… and {more} more pair(s); list them with -n {result.PairCount}.");
    }

    /// <summary><c>A  main:/digits/images (3f2a1b2c4d5e), keys 0:60000: 60000 samples, 59990 distinct</c>.</summary>
    private static string SideLine(string name, OverlapSideCounts side, string? revision, Paint paint)
    {
        string where = side.Commit is { } commit ? $"{revision}:{side.Path} ({paint.Commit(commit.ShortId)})" : $"{side.Path} (staging area)";
        return $"{name}  {where}, keys {side.Keys}: {side.Samples} sample(s), {side.Contents} distinct";
    }
}
