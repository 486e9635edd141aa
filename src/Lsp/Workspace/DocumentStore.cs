using System.Collections.Concurrent;

namespace Tessera.Lsp.Workspace;

/// <summary>The documents the client has open, by URI. Updated on the read loop, read by requests.</summary>
public sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, OpenDocument> documents = new(StringComparer.Ordinal);

    public IEnumerable<OpenDocument> All => this.documents.Values;

    public OpenDocument? Get(string uri) => this.documents.TryGetValue(uri, out var document) ? document : null;

    public OpenDocument Set(string uri, int version, string text) => this.documents[uri] = new OpenDocument(uri, version, text);

    public void Remove(string uri) => this.documents.TryRemove(uri, out _);
}
