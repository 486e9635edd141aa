using Tessera.Lsp.Pins;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;
using Tessera.Lsp.Workspace;

namespace Tessera.Lsp.Features;

/// <summary>Finds the pin under the cursor of an open document.</summary>
internal static class PinLookup
{
    public static (OpenDocument Document, PinSite Pin)? At(LanguageServer server, string uri, Position position)
    {
        if (server.Documents.Get(uri) is not { } document)
            return null;
        return document.Pins.FirstOrDefault(p => p.Element.Contains(position)) is { } pin ? (document, pin) : null;
    }

    public static PinState Inspect(LanguageServer server, OpenDocument document, PinSite pin) =>
        PinInspector.Inspect(pin, Path.GetDirectoryName(document.Path)!, server.Repositories);
}
