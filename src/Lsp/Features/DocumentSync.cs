using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;

namespace Tessera.Lsp.Features;

/// <summary>Keeps the open documents (full sync) and asks for their diagnostics on every change.</summary>
internal static class DocumentSync
{
    public static void Register(LanguageServer server)
    {
        server.Connection.OnNotification("textDocument/didOpen", p =>
        {
            var item = LspJson.Read(p, LspJson.Default.DidOpenTextDocumentParams).TextDocument;
            server.Diagnostics.Schedule(server.Documents.Set(item.Uri, item.Version, item.Text));
        });
        server.Connection.OnNotification("textDocument/didChange", p =>
        {
            var change = LspJson.Read(p, LspJson.Default.DidChangeTextDocumentParams);
            if (change.ContentChanges.Count == 0)
                return;
            var document = server.Documents.Set(change.TextDocument.Uri, change.TextDocument.Version ?? 0, change.ContentChanges[^1].Text);
            server.Diagnostics.Schedule(document);
        });
        server.Connection.OnNotification("textDocument/didClose", p =>
        {
            string uri = LspJson.Read(p, LspJson.Default.DidCloseTextDocumentParams).TextDocument.Uri;
            server.Documents.Remove(uri);
            server.Diagnostics.Clear(uri);
        });
    }
}
