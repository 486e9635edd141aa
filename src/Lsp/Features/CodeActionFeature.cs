using Tessera.Lsp.Pins;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;

namespace Tessera.Lsp.Features;

/// <summary>Quick fix for a pin behind its branch: set <c>Commit</c> to the branch tip.</summary>
internal static class CodeActionFeature
{
    public static void Register(LanguageServer server) => server.Connection.OnRequest("textDocument/codeAction", (p, _) =>
    {
        var request = LspJson.Read(p, LspJson.Default.CodeActionParams);
        IReadOnlyList<CodeAction> actions = server.Documents.Get(request.TextDocument.Uri) is { } document
            ? server.Diagnostics.Inspect(document)
                .Where(state => Overlaps(state.Site.Element, request.Range))
                .Select(state => UpdateToTip(document.Uri, state))
                .OfType<CodeAction>()
                .ToList()
            : [];
        return Task.FromResult<Action<System.Text.Json.Utf8JsonWriter>?>(LspJson.Write(actions, LspJson.Default.IReadOnlyListCodeAction));
    });

    private static CodeAction? UpdateToTip(string uri, PinState state)
    {
        if (state.Branch is not { } branch || state.Site.Commit is not { } commit
            || state.Problems.FirstOrDefault(p => p.Code == PinCodes.PinStale) is not { } stale)
        {
            return null;
        }
        var diagnostic = new Diagnostic(stale.Range, (int)stale.Severity, stale.Code, "tessera", stale.Message);
        var edit = new WorkspaceEdit(new Dictionary<string, IReadOnlyList<TextEdit>> { [uri] = [new TextEdit(commit.Range, branch.Tip.ToString())] });
        return new CodeAction($"Update the pin to the tip of {branch.Name} ({branch.Tip.ToShortString()})", "quickfix", [diagnostic], IsPreferred: true, edit);
    }

    private static bool Overlaps(LspRange a, LspRange b) => a.Contains(b.Start) || a.Contains(b.End) || b.Contains(a.Start);
}
