using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tessera.Remotes;

namespace Tessera.Server;

/// <summary>The HTTP endpoints, each checking the token's scope and answering errors as JSON.</summary>
internal sealed class Endpoints(RepositoryHosts hosts, AccessTokens tokens, TextWriter? log)
{
    private const long MaxIdsBody = RemoteProtocol.MaxIdsPerRequest * (long)ObjectId.Size;

    public void Map(WebApplication app)
    {
        app.MapGet("/{repo}/" + RemoteProtocol.Refs, ctx => this.Run(ctx, Scope.Read, this.Refs));
        app.MapPut("/{repo}/" + RemoteProtocol.BranchPrefix + "{**branch}", ctx => this.Run(ctx, Scope.Write, this.UpdateBranch));
        app.MapPost("/{repo}/objects/{kind}/have", ctx => this.Run(ctx, Scope.Read, this.Have));
        app.MapPost("/{repo}/objects/{kind}/get", ctx => this.Run(ctx, Scope.Read, this.Get));
        app.MapPost("/{repo}/" + RemoteProtocol.Put, ctx => this.Run(ctx, Scope.Write, this.Put));
    }

    private void Refs(HttpContext ctx, LocalStore store)
    {
        ctx.Response.ContentType = "application/json";
        using var w = new Utf8JsonWriter(ctx.Response.Body);
        RemoteProtocol.WriteRefs(w, store.HeadBranch, store.Branches());
    }

    private void UpdateBranch(HttpContext ctx, LocalStore store)
    {
        string branch = (string)ctx.Request.RouteValues["branch"]!;
        using var doc = JsonDocument.Parse(ReadBody(ctx, 4096));
        ObjectId? expected = null;
        ObjectId target;
        try
        {
            if (doc.RootElement.GetProperty("expected").GetString() is { } e)
                expected = ObjectId.Parse(e);
            target = ObjectId.Parse(doc.RootElement.GetProperty("target").GetString()!);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new TransferException("A branch update needs {\"expected\": id or null, \"target\": id} with 64-hex-digit ids.");
        }
        store.UpdateBranch(branch, expected, target);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private void Have(HttpContext ctx, LocalStore store)
    {
        var kind = Kind(ctx);
        var ids = RemoteProtocol.DecodeIds(ReadBody(ctx, MaxIdsBody));
        var have = store.Have(kind, ids);
        var flags = new byte[ids.Count];
        for (int i = 0; i < ids.Count; i++)
            flags[i] = have.Contains(ids[i]) ? (byte)1 : (byte)0;
        ctx.Response.ContentType = "application/octet-stream";
        ctx.Response.Body.Write(flags);
    }

    private void Get(HttpContext ctx, LocalStore store)
    {
        var kind = Kind(ctx);
        var ids = RemoteProtocol.DecodeIds(ReadBody(ctx, MaxIdsBody));
        // Missing ids fail before the first byte goes out, so a refusal is a clean error response.
        var have = store.Have(kind, ids);
        if (ids.Where(id => !have.Contains(id)).Take(1).ToList() is [var missing])
            throw new NotFoundException(ErrorCode.MissingObject, $"This repository does not hold {kind.Name()} {missing.ToShortString()}.");
        ctx.Response.ContentType = RemoteProtocol.FramesMediaType;
        var body = new BufferedStream(ctx.Response.Body, 1 << 18);
        foreach (var obj in store.Get(kind, ids))
            ObjectFrames.Write(body, obj);
        ObjectFrames.WriteEnd(body);
        body.Flush();
    }

    private void Put(HttpContext ctx, LocalStore store)
    {
        store.Put(ObjectFrames.Read(new BufferedStream(ctx.Request.Body, 1 << 18)));
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private Task Run(HttpContext ctx, Scope needed, Action<HttpContext, LocalStore> handler)
    {
        var scope = tokens.Check(ctx.Request.Headers.Authorization);
        if (scope is null)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer";
            return Error(ctx, StatusCodes.Status401Unauthorized, ErrorCode.AccessDenied, "A bearer token is needed (Authorization: Bearer TOKEN).");
        }
        if (needed == Scope.Write && scope != Scope.Write)
            return Error(ctx, StatusCodes.Status403Forbidden, ErrorCode.AccessDenied, "This token may read but not write.");
        try
        {
            handler(ctx, hosts.Get((string)ctx.Request.RouteValues["repo"]!));
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            var (status, code) = ErrorStatus.Of(ex);
            log?.WriteLine($"{ctx.Request.Method} {ctx.Request.Path}: {status} {ex.Message}");
            return ctx.Response.HasStarted ? Abort(ctx) : Error(ctx, status, code, ex.Message);
        }
    }

    private static ObjectKind Kind(HttpContext ctx) =>
        ObjectKinds.TryParse(ctx.Request.RouteValues["kind"] as string, out var kind) ? kind
            : throw new TransferException($"Unknown object kind '{ctx.Request.RouteValues["kind"]}'; use commit, page or blob.");

    /// <summary>Reads a small body whole, refusing one larger than <paramref name="limit"/> before reading it.</summary>
    private static byte[] ReadBody(HttpContext ctx, long limit)
    {
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;
        using var ms = new MemoryStream();
        ctx.Request.Body.CopyTo(ms);
        return ms.ToArray();
    }

    private static Task Error(HttpContext ctx, int status, ErrorCode code, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        using var w = new Utf8JsonWriter(ctx.Response.Body);
        RemoteProtocol.WriteError(w, code, message);
        return Task.CompletedTask;
    }

    /// <summary>An error after the response began: cut the connection so the client sees a truncated stream, never a complete one.</summary>
    private static Task Abort(HttpContext ctx)
    {
        ctx.Abort();
        return Task.CompletedTask;
    }
}
