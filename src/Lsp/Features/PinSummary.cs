using System.Globalization;
using Tessera.Lsp.Pins;

namespace Tessera.Lsp.Features;

/// <summary>What hover and code lens say about a resolved pin: its columns and sample count.</summary>
internal static class PinSummary
{
    /// <summary>The pinned columns (all columns when the pin names none) at the pinned commit.</summary>
    public static IReadOnlyList<NodeInfo> Columns(PinState state)
    {
        var nodes = state.Repository!.Checkout(state.Commit!.Id.ToString()).Nodes.Where(n => n.Kind != NodeKind.Group);
        if (state.Site.ColumnEntries.Count == 0)
            return nodes.OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
        var wanted = state.Site.ColumnEntries.Select(c => c.Path.StartsWith('/') ? c.Path : "/" + c.Path).ToHashSet(StringComparer.Ordinal);
        return nodes.Where(n => wanted.Contains(n.Path)).OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>Samples of the dataset: keys are shared across columns, so the largest column's count.</summary>
    public static long Samples(IReadOnlyList<NodeInfo> columns) => columns.Where(c => c.Kind == NodeKind.Column).Select(c => c.Count).DefaultIfEmpty(0).Max();

    /// <summary>"main +3 commits · 4 columns · 70,000 samples".</summary>
    public static string OneLine(PinState state)
    {
        var columns = Columns(state);
        string branch = state.Branch is null ? state.Commit!.ShortId
            : state.CommitsBehind > 0 ? $"{state.Branch.Name} +{state.CommitsBehind} commit{(state.CommitsBehind == 1 ? "" : "s")}"
            : $"{state.Branch.Name} up to date";
        return string.Create(CultureInfo.InvariantCulture,
            $"{branch} · {columns.Count} column{(columns.Count == 1 ? "" : "s")} · {Samples(columns):N0} samples");
    }
}
