using System.Globalization;
using Tessera.Lsp.Pins;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;

namespace Tessera.Lsp.Features;

/// <summary>
/// Completion inside a pin's metadata values: repository folders for <c>Repository</c>, commit ids
/// (with their messages) and tags for <c>Commit</c>, branches for <c>Branch</c>, column paths for
/// the <c>Columns</c> entry under the cursor.
/// </summary>
internal static class CompletionFeature
{
    private const int MaxCommits = 200;
    private const int CommitKind = 18;
    private const int RefKind = 12;
    private const int ColumnKind = 5;
    private const int FolderKind = 19;

    public static void Register(LanguageServer server) => server.Connection.OnRequest("textDocument/completion", (p, _) =>
    {
        var request = LspJson.Read(p, LspJson.Default.TextDocumentPositionParams);
        var items = Items(server, request.TextDocument.Uri, request.Position);
        return Task.FromResult<Action<System.Text.Json.Utf8JsonWriter>?>(
            LspJson.Write(new CompletionList(IsIncomplete: false, items), LspJson.Default.CompletionList));
    });

    private static IReadOnlyList<CompletionItem> Items(LanguageServer server, string uri, Position position)
    {
        if (PinLookup.At(server, uri, position) is not var (document, pin) || pin.ValueAt(position) is not var (metadata, value))
            return [];
        string directory = Path.GetDirectoryName(document.Path)!;
        if (metadata == "Repository")
            return Folders(server, directory, value);
        var state = PinLookup.Inspect(server, document, pin);
        if (PinLookup.RepositoryOf(server, state) is not { } repository)
            return [];
        return metadata switch
        {
            "Commit" => Commits(repository, value),
            "Branch" => repository.Branches.List().Select((b, i) => Item(b.Name, RefKind, $"branch → {b.Tip.ToShortString()}", i, value.Range, b.Name)).ToList(),
            "Columns" when state.Resolution.Commit is { } commit => Columns(repository, commit, pin, position),
            _ => [],
        };
    }

    /// <summary>Commit ids newest first with their messages; tags insert their commit's id, since pins name commits.</summary>
    private static List<CompletionItem> Commits(Repository repository, PinValue value)
    {
        var refs = repository.Branches.List().Select(b => b.Name).Concat(repository.Tags.List().Select(t => t.Name)).ToArray();
        var commits = refs.Length == 0 ? [] : repository.Commits.Query(refs).Take(MaxCommits);
        var items = commits.Select((commit, i) => Item(commit.ShortId, CommitKind, commit.Message.Split('\n')[0], i, value.Range, commit.Id.ToString(),
            new MarkupContent("markdown", $"`{commit.Id}`  \n{commit.Author.Name}, {commit.Author.When:yyyy-MM-dd HH:mm}\n\n{commit.Message}"))).ToList();
        items.AddRange(repository.Tags.List().Select((t, i) => Item(t.Name, RefKind, $"tag → {t.Target.ToShortString()}", MaxCommits + i, value.Range, t.Target.ToString())));
        return items;
    }

    private static List<CompletionItem> Columns(Repository repository, Commit commit, PinSite pin, Position position)
    {
        var entry = pin.ColumnEntries.FirstOrDefault(c => c.Range.Contains(position));
        var range = entry?.Range ?? new LspRange(position, position);
        var nodes = repository.Checkout(commit.Id.ToString()).Nodes.Where(n => n.Kind != NodeKind.Group).OrderBy(n => n.Path, StringComparer.Ordinal);
        return nodes.Select((n, i) => Item(n.Path, ColumnKind, $"{n.Schema?.Kind.Name() ?? n.Kind.Name()} · {n.Count:N0} samples", i, range, n.Path)).ToList();
    }

    private static List<CompletionItem> Folders(LanguageServer server, string directory, PinValue value) =>
        server.Repositories.Known
            .Select((root, i) => Item(Path.GetRelativePath(directory, root).Replace('\\', '/'), FolderKind, root, i, value.Range, Path.GetRelativePath(directory, root).Replace('\\', '/')))
            .ToList();

    private static CompletionItem Item(string label, int kind, string? detail, int order, LspRange range, string newText, MarkupContent? documentation = null) =>
        new(label, kind, detail, order.ToString("D5", CultureInfo.InvariantCulture), new TextEdit(range, newText), documentation) { FilterText = newText };
}
