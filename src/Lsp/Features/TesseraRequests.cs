using System.Text.Json;
using Tessera.Lsp.JsonRpc;
using Tessera.Lsp.Protocol;
using Tessera.Lsp.Server;

namespace Tessera.Lsp.Features;

/// <summary>
/// The <c>tessera/*</c> requests behind the editor's views. Each result is written by the CLI's
/// own serializers (<see cref="JsonShapes"/>), so <c>tessera/log</c> returns exactly what
/// <c>dotnet tensor log --json</c> prints. Documented in docs/lsp.md.
/// </summary>
internal static class TesseraRequests
{
    public static readonly IReadOnlyList<string> Methods =
        ["tessera/repositories", "tessera/status", "tessera/log", "tessera/schema", "tessera/diff", "tessera/conflicts", "tessera/sample", "tessera/keys"];

    public static void Register(LanguageServer server)
    {
        var rpc = server.Connection;
        rpc.OnRequest("tessera/repositories", (_, _) => Done(w => Repositories(server, w)));
        rpc.OnRequest("tessera/status", (p, _) =>
        {
            var repository = server.Repositories.Get(LspJson.Read(p, LspJson.Default.RepositoryParams).Repository);
            var status = StagedView.Open(repository).Status();
            var holder = repository.LockStatus();
            return Done(w => JsonShapes.WriteStatus(w, status, holder));
        });
        rpc.OnRequest("tessera/log", (p, _) =>
        {
            var request = LspJson.Read(p, LspJson.Default.LogParams);
            var repository = server.Repositories.Get(request.Repository);
            string[] revisions = request.All
                ? [.. repository.Branches.List().Select(b => b.Name), .. repository.Tags.List().Select(t => t.Name)]
                : request.Rev is { } rev ? [rev] : [];
            var commits = request.All && revisions.Length == 0 ? [] : repository.Commits.Query(revisions);
            var page = commits.Take(request.Limit ?? int.MaxValue).ToList();
            return Done(w => JsonShapes.WriteLog(w, page, c => repository.GitLinks[c.Id]));
        });
        rpc.OnRequest("tessera/schema", (p, _) =>
        {
            var request = LspJson.Read(p, LspJson.Default.SchemaParams);
            var repository = server.Repositories.Get(request.Repository);
            if (request.Rev is null)
            {
                var nodes = StagedView.Open(repository).Nodes;
                return Done(w => JsonShapes.WriteTree(w, null, nodes));
            }
            var checkout = repository.Checkout(request.Rev);
            var committed = checkout.Nodes;
            return Done(w => JsonShapes.WriteTree(w, checkout.Commit, committed));
        });
        rpc.OnRequest("tessera/diff", (p, ct) => DiffRequest.HandleAsync(server, p, ct));
        rpc.OnRequest("tessera/conflicts", (p, _) =>
        {
            var request = LspJson.Read(p, LspJson.Default.ConflictsParams);
            var conflicts = Conflicts(server.Repositories.Get(request.Repository), request);
            return Done(w => JsonShapes.WriteConflicts(w, conflicts));
        });
        rpc.OnRequest("tessera/sample", (p, _) =>
        {
            var request = LspJson.Read(p, LspJson.Default.SampleParams);
            var preview = SamplePreview.Read(server.Repositories.Get(request.Repository), request);
            return Done(preview.Write);
        });
        rpc.OnRequest("tessera/keys", (p, _) => KeysRequest.Handle(server, p));
    }

    public static Task<Action<Utf8JsonWriter>?> Done(Action<Utf8JsonWriter> result) => Task.FromResult<Action<Utf8JsonWriter>?>(result);

    private static IReadOnlyList<Conflict> Conflicts(Repository repository, ConflictsParams request)
    {
        if (request.Ours is { } ours && request.Theirs is { } theirs)
            return MergePreview.Conflicts(repository, ours, theirs);
        if (request.Ours is not null || request.Theirs is not null)
            throw RpcException.InvalidParams("Give both ours and theirs (a merge preview), or neither (the merge in progress).");
        var view = StagedView.Open(repository);
        if (!view.IsMerging)
            throw new StateException(ErrorCode.NoMergeInProgress, "No merge is in progress. Start one with 'dotnet tensor merge BRANCH'.");
        return view.Conflicts;
    }

    /// <summary>
    /// <c>[{root, branch, head, branches, tags}]</c>, or <c>{root, error}</c> for one that cannot be read.
    /// The workspace folders are scanned again first: a repository created since start-up (by the CLI,
    /// in a terminal) is listed when the editor refreshes.
    /// </summary>
    private static void Repositories(LanguageServer server, Utf8JsonWriter w)
    {
        server.Repositories.Rescan();
        w.WriteStartArray();
        foreach (var root in server.Repositories.Known)
        {
            w.WriteStartObject();
            w.WriteString("root", root);
            try
            {
                var repository = server.Repositories.Get(root);
                var head = repository.Head;
                var branches = repository.Branches.List();
                var tags = repository.Tags.List();
                w.WriteString("branch", repository.HeadBranch);
                w.WritePropertyName("head");
                if (head is null)
                    w.WriteNullValue();
                else
                    JsonShapes.WriteCommit(w, head);
                w.WritePropertyName("branches");
                JsonShapes.WriteBranches(w, branches);
                w.WritePropertyName("tags");
                JsonShapes.WriteTags(w, tags);
            }
            catch (Exception ex) when (ServerErrors.Map(ex) is not null)
            {
                w.WritePropertyName("error");
                JsonShapes.WriteError(w, ex is TesseraException t ? t.Code : ErrorCode.Io, ex.Message);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
