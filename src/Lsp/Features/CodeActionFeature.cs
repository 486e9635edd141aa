using Tessera.Lsp.Pins;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;
using Tessera.Pins;

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
                .Select(state => UpdateToTip(server, document.Uri, state))
                .OfType<CodeAction>()
                .ToList()
            : [];
        return Task.FromResult<Action<System.Text.Json.Utf8JsonWriter>?>(LspJson.Write(actions, LspJson.Default.IReadOnlyListCodeAction));
    });

    private static CodeAction? UpdateToTip(LanguageServer server, string uri, PinState state)
    {
        if (state.Problems.FirstOrDefault(p => p.Code == PinCodes.Stale) is not { } stale || state.Site["Commit"] is not { } commit
            || PinLookup.RepositoryOf(server, state)?.Branches[state.Resolution.Pin.Branch!] is not { } branch)
        {
            return null;
        }
        var diagnostic = new Diagnostic(stale.Range, stale.Severity, stale.Code, "tessera", stale.Message);
        var edit = new WorkspaceEdit(new Dictionary<string, IReadOnlyList<TextEdit>> { [uri] = [new TextEdit(commit.Range, branch.Tip.ToString())] });
        return new CodeAction($"Update the pin to the tip of {branch.Name} ({branch.Tip.ToShortString()})", "quickfix", [diagnostic], IsPreferred: true, edit);
    }

    private static bool Overlaps(LspRange a, LspRange b) => a.Contains(b.Start) || a.Contains(b.End) || b.Contains(a.Start);
}
