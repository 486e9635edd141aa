using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;

namespace Tessera.Lsp.Features;

/// <summary>
/// A one-line summary above each resolved pin ("main +3 commits · 4 columns · 70,000 samples").
/// Its command, <c>tessera.showPin</c>, carries the repository folder and commit id for the
/// editor to open its views at.
/// </summary>
internal static class CodeLensFeature
{
    public const string ShowPinCommand = "tessera.showPin";

    public static void Register(LanguageServer server) => server.Connection.OnRequest("textDocument/codeLens", (p, _) =>
    {
        var request = LspJson.Read(p, LspJson.Default.CodeLensParams);
        IReadOnlyList<CodeLens> lenses = server.Documents.Get(request.TextDocument.Uri) is { } document
            ? server.Diagnostics.Inspect(document)
                .Where(state => state.Resolution.Commit is not null)
                .Select(state => new CodeLens(state.Site.Name,
                    new LspCommand(PinSummary.OneLine(state), ShowPinCommand, [state.Resolution.RepositoryPath, state.Resolution.Commit!.Id.ToString()])))
                .ToList()
            : [];
        return Task.FromResult<Action<System.Text.Json.Utf8JsonWriter>?>(LspJson.Write(lenses, LspJson.Default.IReadOnlyListCodeLens));
    });
}
