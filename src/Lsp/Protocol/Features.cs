namespace Tessera.Lsp.Protocol;

/// <summary>Severity: 1 error, 2 warning, 3 information, 4 hint.</summary>
public sealed record Diagnostic(LspRange Range, int Severity, string Code, string Source, string Message);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<Diagnostic> Diagnostics);

public sealed record Hover(MarkupContent Contents, LspRange Range);

/// <summary>Kind: 18 reference (commits), 12 value (refs), 5 field (columns).</summary>
public sealed record CompletionItem(string Label, int Kind, string? Detail, string SortText, TextEdit TextEdit, MarkupContent? Documentation = null)
{
    /// <summary>What the client matches typed text against (the full id for an abbreviated label).</summary>
    public string? FilterText { get; init; }
}

public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);

/// <summary>The client's diagnostics in <c>context</c> are not read: the server recomputes its own for the range.</summary>
public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, LspRange Range);

public sealed record CodeAction(string Title, string Kind, IReadOnlyList<Diagnostic> Diagnostics, bool IsPreferred, WorkspaceEdit Edit);

public sealed record WorkspaceEdit(IReadOnlyDictionary<string, IReadOnlyList<TextEdit>> Changes);

public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);

public sealed record CodeLens(LspRange Range, LspCommand Command);
