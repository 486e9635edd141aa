using System.Text.Json;
using Tessera.Lsp.JsonRpc;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;

namespace Tessera.Lsp.Features;

/// <summary>
/// <c>tessera/diff</c>: two revisions, or a revision and the staging area, as
/// <c>dotnet tensor diff --json</c> shows them, with each node's keys paged by
/// <c>offset</c>/<c>limit</c> (a node's total is its added + removed + mutated).
/// </summary>
internal static class DiffRequest
{
    public static async Task<Action<Utf8JsonWriter>?> HandleAsync(LanguageServer server, JsonElement parameters, CancellationToken cancellationToken)
    {
        var request = LspJson.Read(parameters, LspJson.Default.DiffParams);
        if (request.Offset < 0 || request.Limit < 0)
            throw RpcException.InvalidParams("offset and limit must not be negative.");
        if (request.To is not null && request.From is null)
            throw RpcException.InvalidParams("Give from with to (two revisions), or from alone (against the staging area).");
        var progress = WorkDoneProgress.For(server.Connection, parameters);
        await progress.BeginAsync("Tessera diff").ConfigureAwait(false);
        string outcome = "failed";
        try
        {
            var (diff, conflicts, includeKeys) = Compute(server.Repositories.Get(request.Repository), request, cancellationToken);
            outcome = $"{diff.Nodes.Count} node(s) changed";
            return w => JsonShapes.WriteDiff(w, diff, conflicts, includeKeys);
        }
        finally
        {
            await progress.EndAsync(outcome).ConfigureAwait(false);
        }
    }

    private static (DiffResult Page, IReadOnlyList<Conflict> Conflicts, bool IncludeKeys) Compute(Repository repository, DiffParams request, CancellationToken cancellationToken)
    {
        var options = new DiffOptions
        {
            IncludeKeys = !request.Stat,
            Numeric = request.Numeric,
            PathGlob = request.Path,
            // Keys past the page are never listed, only counted.
            MaxKeys = (int)Math.Min(int.MaxValue, (long)request.Offset + request.Limit),
        };
        DiffResult diff;
        IReadOnlyList<Conflict> conflicts;
        if (request.To is null)
        {
            var view = StagedView.Open(repository);
            diff = view.Diff(request.From, options);
            conflicts = view.Conflicts;
        }
        else
        {
            diff = repository.Diff(request.From!, request.To, options);
            cancellationToken.ThrowIfCancellationRequested();
            conflicts = MergePreview.Conflicts(repository, request.From!, request.To);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var page = diff with { Nodes = diff.Nodes.Select(n => n with { Keys = n.Keys.Skip(request.Offset).Take(request.Limit).ToList() }).ToList() };
        return (page, conflicts, options.IncludeKeys);
    }
}
