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
        var hover = new Hover(new MarkupContent("markdown", Describe(PinLookup.Inspect(server, document, pin))), pin.Element);
        return Task.FromResult<Action<System.Text.Json.Utf8JsonWriter>?>(LspJson.Write(hover, LspJson.Default.Hover));
    });

    public static string Describe(PinState state)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        if (state.Repository is not null)
            text.AppendLine(c, $"**Tessera dataset** `{state.Repository.Root}`").AppendLine();
        if (state.Commit is { } commit)
        {
            text.AppendLine(c, $"Commit `{commit.Id}`  ").AppendLine(c, $"{commit.Message.Split('\n')[0]}  ");
            text.AppendLine(c, $"{commit.Author.Name} <{commit.Author.Email}>, {commit.Author.When:yyyy-MM-dd HH:mm zzz}").AppendLine();
            if (state.Branch is { } branch)
            {
                text.AppendLine(state.CommitsBehind == 0
                    ? $"Up to date with `{branch.Name}`."
                    : $"{state.CommitsBehind} commit(s) behind `{branch.Name}` (tip `{branch.Tip.ToShortString()}`).").AppendLine();
            }
        }
        foreach (var problem in state.Problems)
            text.AppendLine(c, $"- {problem.Code}: {problem.Message}");
        if (state.Problems.Count > 0)
            text.AppendLine();
        if (state.Commit is not null)
        {
            text.AppendLine("| column | kind | dtype | shape | samples |").AppendLine("|---|---|---|---|---|");
            foreach (var column in PinSummary.Columns(state))
                text.AppendLine(c, $"| `{column.Path}` | {Kind(column)} | {column.Schema?.DType?.Name() ?? column.Array?.DType.Name() ?? ""} | {Shape(column)} | {column.Count:N0} |");
        }
        return text.ToString().TrimEnd();
    }

    private static string Kind(NodeInfo node) => node.Schema is { } schema ? schema.Kind.Name() : node.Kind.Name();

    private static string Shape(NodeInfo node)
    {
        if (node.Schema is { Kind: ColumnKind.NDArray } schema)
            return (schema.VariableShape ? "≤ " : "") + ColumnSchema.FormatShape(schema.Shape);
        return node.Array is { } array ? "(" + string.Join(", ", array.Shape) + ")" : "";
    }
}
