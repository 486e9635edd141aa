using System.Text.Json.Serialization;

namespace Tessera.Lsp.Protocol;

/// <summary>A zero-based line and UTF-16 character offset.</summary>
public sealed record Position(int Line, int Character);

public sealed record LspRange(Position Start, Position End)
{
    public bool Contains(Position p) =>
        (p.Line > this.Start.Line || p.Line == this.Start.Line && p.Character >= this.Start.Character)
        && (p.Line < this.End.Line || p.Line == this.End.Line && p.Character <= this.End.Character);
}

public sealed record TextDocumentIdentifier(string Uri);

public sealed record TextDocumentItem(string Uri, string Text, int Version = 0, string? LanguageId = null);

public sealed record VersionedTextDocumentIdentifier(string Uri, int? Version = null);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record TextEdit(LspRange Range, string NewText);

public sealed record MarkupContent(string Kind, string Value);

/// <summary>An editor command a code lens runs; <c>command</c> is its identifier.</summary>
public sealed record LspCommand(string Title, [property: JsonPropertyName("command")] string Name, IReadOnlyList<string>? Arguments = null);
