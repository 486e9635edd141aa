using Tessera.Lsp.Pins;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;
using Tessera.Lsp.Workspace;

namespace Tessera.Lsp.Features;

/// <summary>
/// Pushes <c>textDocument/publishDiagnostics</c> for project files with pins: after each open or
/// change, and when a pinned repository changes on disk. Work runs off the read loop; a result for
/// a document version that has since been replaced or closed is dropped.
/// </summary>
public sealed class DiagnosticsPublisher(LanguageServer server)
{
    /// <summary>The pins of an open document, resolved against their repositories now.</summary>
    public IReadOnlyList<PinState> Inspect(OpenDocument document)
    {
        return PinCheck.Run(document.Pins, Path.GetDirectoryName(document.Path)!);
    }

    public void Schedule(OpenDocument document)
    {
        if (PinScanner.IsProjectFile(document.Path))
            _ = Task.Run(() => this.PublishAsync(document));
    }

    /// <summary>Recomputes every open project file (a repository changed under them).</summary>
    public void RefreshAll()
    {
        foreach (var document in server.Documents.All)
            this.Schedule(document);
    }

    public void Clear(string uri) => _ = server.Connection.NotifyAsync("textDocument/publishDiagnostics",
        LspJson.Write(new PublishDiagnosticsParams(uri, null, []), LspJson.Default.PublishDiagnosticsParams));

    private async Task PublishAsync(OpenDocument document)
    {
        List<Diagnostic> diagnostics;
        try
        {
            diagnostics = this.Inspect(document)
                .SelectMany(state => state.Problems)
                .Select(p => new Diagnostic(p.Range, p.Severity, p.Code, "tessera", p.Message))
                .ToList();
        }
        catch (Exception ex)
        {
            server.Log.WriteLine($"[diagnostics] {document.Uri}: {ex.Message}");
            return;
        }
        if (!ReferenceEquals(server.Documents.Get(document.Uri), document))
            return;
        await server.Connection.NotifyAsync("textDocument/publishDiagnostics",
            LspJson.Write(new PublishDiagnosticsParams(document.Uri, document.Version, diagnostics), LspJson.Default.PublishDiagnosticsParams)).ConfigureAwait(false);
    }
}
