using Tessera.Lsp.Pins;

namespace Tessera.Lsp.Workspace;

/// <summary>An open document as the client last sent it; its pins are parsed once per version.</summary>
public sealed class OpenDocument(string uri, int version, string text)
{
    private readonly Lazy<IReadOnlyList<PinSite>> pins = new(() => PinScanner.Scan(text));

    public string Uri { get; } = uri;

    public int Version { get; } = version;

    public string Text { get; } = text;

    public string Path { get; } = DocumentUris.ToPath(uri);

    /// <summary>The <c>TensorDataset</c> items of a project file (none for other documents).</summary>
    public IReadOnlyList<PinSite> Pins => PinScanner.IsProjectFile(this.Path) ? this.pins.Value : [];
}
