using System.Globalization;
using System.Text;
using Tessera.Lsp.Pins;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;

namespace Tessera.Lsp.Features;

/// <summary>
/// Hover on a pin: the pinned commit (message, author, time), how it stands against its branch,
/// its problems, and a table of its columns (kind, dtype, shape, sample count).
/// </summary>
internal static class HoverFeature
{
    public static void Register(LanguageServer server) => server.Connection.OnRequest("textDocument/hover", (p, _) =>
    {
        var request = LspJson.Read(p, LspJson.Default.TextDocumentPositionParams);
        if (PinLookup.At(server, request.TextDocument.Uri, request.Position) is not var (document, pin))
            return Task.FromResult<Action<System.Text.Json.Utf8JsonWriter>?>(null);
        var state = PinLookup.Inspect(server, document, pin);
        var hover = new Hover(new MarkupContent("markdown", Describe(state, PinLookup.RepositoryOf(server, state))), pin.Element);
        return Task.FromResult<Action<System.Text.Json.Utf8JsonWriter>?>(LspJson.Write(hover, LspJson.Default.Hover));
    });

    public static string Describe(PinState state, Repository? repository)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var resolution = state.Resolution;
        text.AppendLine(c, $"**Tessera dataset `{resolution.Pin.Name}`** in `{resolution.RepositoryPath}`").AppendLine();
        if (resolution.Commit is { } commit)
        {
            text.AppendLine(c, $"Commit `{commit.Id}`  ").AppendLine(c, $"{commit.Message.Split('\n')[0]}  ");
            text.AppendLine(c, $"{commit.Author.Name} <{commit.Author.Email}>, {commit.Author.When:yyyy-MM-dd HH:mm zzz}  ");
            if (repository?.GitLinks[commit.Id] is { } link)
                text.AppendLine(c, $"Made by git commit `{link}`  ");
            if (resolution.Pin.Branch is { Length: > 0 } branch && repository?.Branches[branch] is { } tip)
            {
                text.AppendLine(resolution.CommitsBehind switch
                {
                    0 => $"Up to date with `{branch}`.",
                    null => $"Not on `{branch}` (tip `{tip.Tip.ToShortString()}`).",
                    int behind => $"{behind} commit(s) behind `{branch}` (tip `{tip.Tip.ToShortString()}`).",
                });
            }
            text.AppendLine();
        }
        foreach (var problem in state.Problems)
            text.AppendLine(c, $"- {problem.Code}: {problem.Message}");
        if (state.Problems.Count > 0)
            text.AppendLine();
        if (resolution.Commit is not null)
        {
            text.AppendLine("| column | kind | dtype | shape | samples |").AppendLine("|---|---|---|---|---|");
            foreach (var node in resolution.Nodes)
            {
                string kind = node.SampleKind?.Name() ?? node.Kind.Name();
                string shape = node.SampleKind is null or ColumnKind.NDArray ? (node.VariableShape ? "≤ " : "") + "(" + string.Join(", ", node.Shape) + ")" : "";
                text.AppendLine(c, $"| `{node.Path}` | {kind} | {node.DType?.Name() ?? ""} | {shape} | {node.Count:N0} |");
            }
        }
        return text.ToString().TrimEnd();
    }
}
