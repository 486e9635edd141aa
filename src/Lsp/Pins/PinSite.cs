using Tessera.Lsp.Protocol;
using Tessera.Pins;

namespace Tessera.Lsp.Pins;

/// <summary>A metadata value of a pin: its text and where it sits (inside the quotes or the element).</summary>
public sealed record PinValue(string Text, LspRange Range, int Start);

/// <summary>One entry of the <c>Columns</c> list (<c>/a;/b</c>).</summary>
public sealed record PinColumn(string Path, LspRange Range);

/// <summary>
/// A <c>TensorDataset</c> item of a project file with where each of its metadata sits:
/// <c>&lt;TensorDataset Include="mnist" Repository="../data/mnist" Commit="3f2a9c1d" Branch="main" Columns="/images;/labels" /&gt;</c>
/// (docs/msbuild.md). <see cref="Pin"/> is the item as Core's <see cref="PinResolver"/> reads it.
/// </summary>
public sealed record PinSite(LspRange Element, LspRange Name, IReadOnlyDictionary<string, PinValue> Values)
{
    public static readonly IReadOnlyList<string> MetadataNames = ["Include", "Repository", "Commit", "Branch", "Columns"];

    public IReadOnlyList<PinColumn> ColumnEntries { get; init; } = [];

    public PinValue? this[string metadata] => this.Values.GetValueOrDefault(metadata);

    public DatasetPin Pin => new(
        this["Include"]?.Text.Trim() ?? "", this["Repository"]?.Text.Trim(), this["Commit"]?.Text.Trim(), this["Branch"]?.Text.Trim(),
        DatasetPin.ParseColumns(this["Columns"]?.Text));

    /// <summary>The metadata value whose range holds <paramref name="position"/>, with its name.</summary>
    public (string Metadata, PinValue Value)? ValueAt(Position position) =>
        this.Values.Where(v => v.Value.Range.Contains(position)).Select(v => ((string, PinValue)?)(v.Key, v.Value)).FirstOrDefault();
}
