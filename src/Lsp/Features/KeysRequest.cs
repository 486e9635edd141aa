using System.Text.Json;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;

namespace Tessera.Lsp.Features;

/// <summary>
/// <c>tessera/keys</c>: one page of a column's keys, or of an array's stored chunk coordinates,
/// for the Schema view. It walks the manifest only (no sample bytes) and stops at the page's end,
/// so the first page of a column of millions costs what the page costs.
/// </summary>
internal static class KeysRequest
{
    public static Task<Action<Utf8JsonWriter>?> Handle(LanguageServer server, JsonElement parameters)
    {
        var request = LspJson.Read(parameters, LspJson.Default.KeysParams);
        if (request.Offset < 0 || request.Limit < 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, "offset and limit must not be negative.");
        var checkout = server.Repositories.Get(request.Repository).Checkout(request.Rev ?? "HEAD");
        var node = checkout.Node(request.Path);
        // Materialized here, while the request runs, so the writer never touches the database.
        IEnumerable<string> all = node.Kind == NodeKind.Array
            ? checkout.StoredChunks(node.Path).Select(JsonShapes.ChunkText)
            : checkout.Column(node.Path).Entries().Select(e => JsonShapes.KeyText(e.Key, e.Subkey));
        var keys = all.Skip(request.Offset).Take(request.Limit).ToList();
        return TesseraRequests.Done(w => JsonShapes.WriteKeys(w, node.Path, node.Kind, node.Count, request.Offset, keys));
    }
}
