using Tessera.Lsp.Protocol;

namespace Tessera.Lsp.Pins;

/// <summary>An attribute value of a pin: its text and where it sits (inside the quotes).</summary>
public sealed record PinValue(string Text, LspRange Range, int Start);

/// <summary>One entry of the <c>Columns</c> list (<c>/a;/b</c>).</summary>
public sealed record PinColumn(string Path, LspRange Range);

/// <summary>
/// A <c>TensorDataset</c> item in a project file:
/// <c>&lt;TensorDataset Include="../data/mnist" Commit="3f2a9c1d" Branch="main" Columns="/digits/images;/digits/labels" /&gt;</c>.
/// Include is the repository folder (relative to the project file), Commit the pinned revision,
/// Branch the branch it follows (for staleness), Columns the columns the build needs.
/// </summary>
public sealed record PinSite(LspRange Element, LspRange Name, PinValue? Repository, PinValue? Commit, PinValue? Branch, PinValue? Columns)
{
    public IReadOnlyList<PinColumn> ColumnEntries { get; init; } = [];

    /// <summary>The attribute value whose range holds <paramref name="position"/>, with its name.</summary>
    public (string Attribute, PinValue Value)? ValueAt(Position position) =>
        new (string, PinValue?)[] { ("Include", this.Repository), ("Commit", this.Commit), ("Branch", this.Branch), ("Columns", this.Columns) }
            .Where(a => a.Item2 is { } v && v.Range.Contains(position))
            .Select(a => ((string, PinValue)?)(a.Item1, a.Item2!))
            .FirstOrDefault();
}
