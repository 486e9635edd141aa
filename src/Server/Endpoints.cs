using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tessera.Remotes;
using Tessera.Remotes.Collection;

namespace Tessera.Server;

/// <summary>The HTTP endpoints, each checking the token's scope and answering errors as JSON.</summary>
internal sealed class Endpoints(RepositoryHosts hosts, AccessTokens tokens, TextWriter? log)
{
    private const long MaxIdsBody = RemoteProtocol.MaxIdsPerRequest * (long)ObjectId.Size;

    public void Map(WebApplication app)
    {
        app.MapGet("/{repo}/" + RemoteProtocol.Refs, ctx => this.Run(ctx, Scope.Read, this.Refs));
        app.MapGet("/{repo}/" + RemoteProtocol.Links, ctx => this.RunAsync(ctx, Scope.Read, Links));
        app.MapPut("/{repo}/" + RemoteProtocol.BranchPrefix + "{**branch}", ctx => this.RunAsync(ctx, Scope.Write, this.UpdateBranch));
        app.MapPut("/{repo}/" + RemoteProtocol.TagPrefix + "{**tag}", ctx => this.RunAsync(ctx, Scope.Write, this.CreateTag));
        app.MapDelete("/{repo}/" + RemoteProtocol.BranchPrefix + "{**branch}", ctx => this.Run(ctx, Scope.Write, (c, repo) => DeleteRef(c, "branch", repo.ObjectDatabase.DeleteBranch)));
        app.MapDelete("/{repo}/" + RemoteProtocol.TagPrefix + "{**tag}", ctx => this.Run(ctx, Scope.Write, (c, repo) => DeleteRef(c, "tag", repo.ObjectDatabase.DeleteTag)));
        app.MapPost("/{repo}/" + RemoteProtocol.Gc, ctx => this.RunAsync(ctx, Scope.Force, this.CollectGarbage));
        app.MapPost("/{repo}/objects/{kind}/have", ctx => this.RunAsync(ctx, Scope.Read, this.Have));
        app.MapPost("/{repo}/objects/{kind}/get", ctx => this.RunAsync(ctx, Scope.Read, this.Get));
        app.MapPost("/{repo}/" + RemoteProtocol.Put, ctx => this.RunAsync(ctx, Scope.Write, this.Put));
    }

    private void Refs(HttpContext ctx, Repository repo)
    {
        ctx.Response.ContentType = "application/json";
        using var w = new Utf8JsonWriter(ctx.Response.Body);
        RemoteProtocol.WriteRefs(w, repo.HeadBranch, repo.ObjectDatabase.Branches(), repo.ObjectDatabase.Tags());
    }

    private static async Task Links(HttpContext ctx, Repository repo)
    {
        ctx.Response.ContentType = "application/octet-stream";
        await ctx.Response.Body.WriteAsync(RemoteProtocol.EncodeIds(repo.ObjectDatabase.LinkIds().ToList()));
    }

    /// <summary>A move that drops commits needs <c>"force": true</c> and a token of scope force; the store refuses it otherwise.</summary>
    private async Task UpdateBranch(HttpContext ctx, Repository repo)
    {
        string branch = (string)ctx.Request.RouteValues["branch"]!;
        using var doc = JsonDocument.Parse(await ReadBody(ctx, 4096));
        ObjectId? expected = null;
        ObjectId target;
        bool force;
        try
        {
            if (doc.RootElement.GetProperty("expected").GetString() is { } e)
                expected = ObjectId.Parse(e);
            target = ObjectId.Parse(doc.RootElement.GetProperty("target").GetString()!);
            force = doc.RootElement.TryGetProperty("force", out var f) && f.GetBoolean();
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or InvalidInputException)
        {
            throw new TransferException("A branch update needs {\"expected\": id or null, \"target\": id, \"force\": true (optional)} with 64-hex-digit ids.");
        }
        if (force && tokens.Check(ctx.Request.Headers.Authorization) != Scope.Force)
            throw new TesseraException(ErrorCode.AccessDenied, "This token may not force-update branches (push --force); ask the server's owner for a token of scope 'force', or fetch and merge, then push without --force.");
        repo.ObjectDatabase.UpdateBranch(branch, expected, target, force);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task CreateTag(HttpContext ctx, Repository repo)
    {
        string tag = (string)ctx.Request.RouteValues["tag"]!;
        using var doc = JsonDocument.Parse(await ReadBody(ctx, 4096));
        ObjectId target;
        try
        {
            target = ObjectId.Parse(doc.RootElement.GetProperty("target").GetString()!);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new TransferException("A tag needs {\"target\": id} with a 64-hex-digit id.");
        }
        repo.ObjectDatabase.CreateTag(tag, target);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Deletes the branch or tag the route names if it still names the commit <c>?expected=</c> gives.</summary>
    private static void DeleteRef(HttpContext ctx, string kind, Action<string, ObjectId> delete)
    {
        if (!ObjectId.TryParse(ctx.Request.Query[RemoteProtocol.ExpectedParameter].ToString(), out var expected))
            throw new TransferException($"A ref deletion needs ?{RemoteProtocol.ExpectedParameter}=ID, the 64-hex-digit commit the ref is expected to name.");
        delete((string)ctx.Request.RouteValues[kind]!, expected);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Remote gc of the served repository needs a token of scope force: a short grace period can break pushes in flight.</summary>
    private async Task CollectGarbage(HttpContext ctx, Repository repo)
    {
        using var doc = JsonDocument.Parse(await ReadBody(ctx, 4096));
        TimeSpan grace;
        try
        {
            grace = TimeSpan.FromSeconds(doc.RootElement.GetProperty("gracePeriodSeconds").GetDouble());
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new TransferException("A gc request needs {\"gracePeriodSeconds\": n} with n >= 0.");
        }
        if (grace < TimeSpan.Zero)
            throw new TransferException("A gc request needs {\"gracePeriodSeconds\": n} with n >= 0.");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = FolderRemote.CollectGarbage(repo, (string)ctx.Request.RouteValues["repo"]!, grace) with { Elapsed = started.Elapsed };
        ctx.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(ctx.Response.Body);
        TransferJson.WriteRemoteGc(w, result);
    }

    /// <summary>Leaves out what a remote gc may delete (<see cref="FolderRemote.Have"/>), so a push sends its own copy.</summary>
    private async Task Have(HttpContext ctx, Repository repo)
    {
        var kind = Kind(ctx);
        var ids = RemoteProtocol.DecodeIds(await ReadBody(ctx, MaxIdsBody));
        var have = FolderRemote.Have(repo, kind, ids);
        var flags = new byte[ids.Count];
        for (int i = 0; i < ids.Count; i++)
            flags[i] = have.Contains(ids[i]) ? (byte)1 : (byte)0;
        ctx.Response.ContentType = "application/octet-stream";
        await ctx.Response.Body.WriteAsync(flags);
    }

    private async Task Get(HttpContext ctx, Repository repo)
    {
        var kind = Kind(ctx);
        var ids = RemoteProtocol.DecodeIds(await ReadBody(ctx, MaxIdsBody));
        // Missing ids fail before the first byte goes out, so a refusal is a clean error response.
        var have = repo.ObjectDatabase.Contains(kind, ids);
        if (ids.Where(id => !have.Contains(id)).Take(1).ToList() is [var missing])
            throw new NotFoundException(ErrorCode.MissingObject, $"This repository does not hold {kind.Name()} {missing.ToShortString()}.");
        ctx.Response.ContentType = RemoteProtocol.FramesMediaType;
        using var frames = new FrameWriter(ctx.Response.Body);
        foreach (var obj in repo.ObjectDatabase.Read(kind, ids))
            await frames.WriteAsync(obj, ctx.RequestAborted);
        await frames.EndAsync(ctx.RequestAborted);
    }

    /// <summary>Reads the body asynchronously and stores objects as whole frames arrive: no thread blocks per socket read.</summary>
    private async Task Put(HttpContext ctx, Repository repo)
    {
        using (var receiver = await repo.ObjectDatabase.OpenReceiverAsync(requireSamples: true))
        {
            await ObjectFrames.ReadAsync(ctx.Request.BodyReader, receiver.Add);
            receiver.Complete();
        }
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private Task Run(HttpContext ctx, Scope needed, Action<HttpContext, Repository> handler) =>
        this.RunAsync(ctx, needed, (c, repo) =>
        {
            handler(c, repo);
            return Task.CompletedTask;
        });

    /// <summary>Checks the token's scope, opens the repository the route names and runs the handler, answering a failure as JSON.</summary>
    public async Task RunAsync(HttpContext ctx, Scope needed, Func<HttpContext, Repository, Task> handler)
    {
        var scope = tokens.Check(ctx.Request.Headers.Authorization);
        if (scope is null)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer";
            Error(ctx, StatusCodes.Status401Unauthorized, ErrorCode.AccessDenied, "A bearer token is needed (Authorization: Bearer TOKEN).");
            return;
        }
        if (scope < needed)
        {
            Error(ctx, StatusCodes.Status403Forbidden, ErrorCode.AccessDenied, needed == Scope.Force
                ? "This token may not collect garbage on the server; that needs a token of scope 'force'."
                : "This token may read but not write.");
            return;
        }
        try
        {
            await handler(ctx, hosts.Get((string)ctx.Request.RouteValues["repo"]!));
        }
        catch (Exception ex)
        {
            var (status, code) = ErrorStatus.Of(ex);
            log?.WriteLine($"{ctx.Request.Method} {ctx.Request.Path}: {status} {ex.Message}");
            // After the response began, cut the connection: the client sees a truncated stream, never a complete one.
            if (ctx.Response.HasStarted)
                ctx.Abort();
            else
                Error(ctx, status, code, ex.Message, (ex as TesseraException)?.Details);
        }
    }

    private static ObjectKind Kind(HttpContext ctx) =>
        ObjectKinds.TryParse(ctx.Request.RouteValues["kind"] as string, out var kind) ? kind
            : throw new TransferException($"Unknown object kind '{ctx.Request.RouteValues["kind"]}'; use commit, page or blob.");

    /// <summary>Reads a small body whole, refusing one larger than <paramref name="limit"/> before reading it.</summary>
    private static async Task<byte[]> ReadBody(HttpContext ctx, long limit)
    {
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;
        using var ms = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(ms);
        return ms.ToArray();
    }

    public static void Error(HttpContext ctx, int status, ErrorCode code, string message, IReadOnlyDictionary<ErrorDetail, string>? details = null)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        using var w = new Utf8JsonWriter(ctx.Response.Body);
        RemoteProtocol.WriteError(w, code, message, details);
    }
}
