using System.Globalization;
using Tessera.Lsp.Pins;

namespace Tessera.Lsp.Features;

/// <summary>What the code lens says about a resolved pin.</summary>
internal static class PinSummary
{
    /// <summary>Samples of the dataset: keys are shared across columns, so the largest column's count.</summary>
    public static long Samples(PinState state) =>
        state.Resolution.Nodes.Where(n => n.Kind == NodeKind.Column).Select(n => n.Count).DefaultIfEmpty(0).Max();

    /// <summary>"main +3 commits · 4 columns · 70,000 samples".</summary>
    public static string OneLine(PinState state)
    {
        var resolution = state.Resolution;
        string? branch = resolution.Pin.Branch is { Length: > 0 } b ? b : null;
        string position = (branch, resolution.CommitsBehind) switch
        {
            (null, _) => resolution.Commit!.ShortId,
            (_, null) => $"{branch} (not on it)",
            (_, 0) => $"{branch} up to date",
            (_, 1) => $"{branch} +1 commit",
            (_, int behind) => $"{branch} +{behind} commits",
        };
        int columns = resolution.Nodes.Count;
        return string.Create(CultureInfo.InvariantCulture, $"{position} · {columns} column{(columns == 1 ? "" : "s")} · {Samples(state):N0} samples");
    }
}
