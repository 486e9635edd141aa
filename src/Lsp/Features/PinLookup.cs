using Tessera.Lsp.Pins;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;
using Tessera.Lsp.Workspace;

namespace Tessera.Lsp.Features;

/// <summary>Finds the pin under the cursor of an open document, and the repository a pin names.</summary>
internal static class PinLookup
{
    public static (OpenDocument Document, PinSite Pin)? At(LanguageServer server, string uri, Position position)
    {
        if (server.Documents.Get(uri) is not { } document)
            return null;
        return document.Pins.FirstOrDefault(p => p.Element.Contains(position)) is { } pin ? (document, pin) : null;
    }

    /// <summary>The pin resolved among its document's pins (duplicate names are a finding of the whole file).</summary>
    public static PinState Inspect(LanguageServer server, OpenDocument document, PinSite pin) =>
        server.Diagnostics.Inspect(document).First(state => ReferenceEquals(state.Site, pin));

    /// <summary>The pin's repository, open in the registry; null when there is none at its path.</summary>
    public static Repository? RepositoryOf(LanguageServer server, PinState state) =>
        Repository.Discover(state.Resolution.RepositoryPath) == state.Resolution.RepositoryPath ? server.Repositories.TryGet(state.Resolution.RepositoryPath) : null;
}
