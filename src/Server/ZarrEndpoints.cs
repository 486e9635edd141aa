using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Tessera.Formats.Zarr;

namespace Tessera.Server;

/// <summary>
/// <c>GET /REPO/zarr/REV/KEY</c>: every revision as a read-only Zarr v3 store, the one
/// <c>export zarr / DIR --rev REV</c> writes, computed key by key (docs/design/013-zarr-http-view.md).
/// HEAD and single ranges; the ETag names the content; a commit-id URL is immutable, a branch or tag
/// URL is revalidated; <c>?list</c> lists the keys under a prefix; open to every origin (CORS).
/// Other methods are 405.
/// </summary>
internal sealed class ZarrEndpoints(Endpoints endpoints)
{
    private const string Immutable = "public, max-age=31536000, immutable";
    private readonly ZarrViews views = new();

    public void Map(WebApplication app) => app.Map("/{repo}/zarr/{rev}/{**key}", this.Handle);

    private Task Handle(HttpContext ctx)
    {
        // Any web page may read the view (with a token where tokens are configured): Zarr viewers run in browsers.
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        ctx.Response.Headers.AccessControlExposeHeaders = "ETag, Content-Range, Content-Length, Accept-Ranges";
        if (HttpMethods.IsOptions(ctx.Request.Method))
        {
            // A browser's preflight carries no token; it only asks which requests it may send.
            ctx.Response.Headers.AccessControlAllowMethods = "GET, HEAD";
            ctx.Response.Headers.AccessControlAllowHeaders = "Authorization, Range, If-None-Match";
            ctx.Response.Headers.AccessControlMaxAge = "86400";
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
        {
            ctx.Response.Headers.Allow = "GET, HEAD";
            Endpoints.Error(ctx, StatusCodes.Status405MethodNotAllowed, ErrorCode.InvalidArgument, $"The Zarr view is read-only: {ctx.Request.Method} is not allowed; use GET or HEAD.",
                new Dictionary<ErrorDetail, string> { [ErrorDetail.Area] = "read-only" });
            return Task.CompletedTask;
        }
        return endpoints.RunAsync(ctx, Scope.Read, this.Serve);
    }

    private async Task Serve(HttpContext ctx, Repository repo)
    {
        string rev = (string)ctx.Request.RouteValues["rev"]!;
        string key = ctx.Request.RouteValues["key"] as string ?? "";
        var commit = repo.Lookup(rev);
        var view = this.views.Get((string)ctx.Request.RouteValues["repo"]!, repo, commit);
        // Only a full commit id always names the same bytes; a branch, tag or abbreviation may name another commit tomorrow.
        string cacheControl = rev.Length == ObjectId.Size * 2 && string.Equals(rev, commit.Id.ToString(), StringComparison.OrdinalIgnoreCase) ? Immutable : "no-cache";
        try
        {
            await Answer(ctx, view, key, cacheControl);
        }
        catch (NotFoundException missing) when (missing.Code == ErrorCode.MissingObject)
        {
            throw new StateException(ErrorCode.MissingObject,
                $"The data of '{key}' at {rev} is not in the served repository: if it is a partial clone, run 'dotnet tensor fetch-data --rev {rev}' in it on the server and ask again; otherwise run 'dotnet tensor verify' there.")
                .With(ErrorDetail.Revision, rev).With(ErrorDetail.Name, key);
        }
    }

    private static async Task Answer(HttpContext ctx, ZarrView view, string key, string cacheControl)
    {
        bool list = ctx.Request.Query.ContainsKey("list");
        ZarrEntry entry;
        if (list)
            entry = view.List(key);
        else if (key.Length == 0)
            throw new NotFoundException(ErrorCode.KeyNotFound, $"Name a key of the store: {ZarrView.MetadataFile} is the root group's metadata, and '?list' lists every key.").With(ErrorDetail.Name, key);
        else
            entry = view.Find(key);
        var tag = new EntityTagHeaderValue($"\"{entry.Tag}\"");
        if (NoneMatch(ctx.Request, tag))
        {
            SetHeaders(ctx.Response, tag, cacheControl);
            ctx.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        string type = list || entry.IsMetadata ? "application/json" : "application/octet-stream";
        if (!list && !entry.IsMetadata && HttpMethods.IsGet(ctx.Request.Method) && !ctx.Request.Headers.ContainsKey(HeaderNames.Range))
        {
            // A whole GET streams the chunk as it is compressed: the first byte goes out after the first block.
            SetHeaders(ctx.Response, tag, cacheControl);
            ctx.Response.Headers.AcceptRanges = "bytes";
            ctx.Response.ContentType = type;
            await entry.WriteToAsync(ctx.Response.Body, ctx.RequestAborted);
            return;
        }
        // Metadata, listings, HEAD and ranges are answered with their length: the whole value first.
        var bytes = entry.Read();
        SetHeaders(ctx.Response, tag, cacheControl);
        await TypedResults.Bytes(bytes, type, enableRangeProcessing: true, entityTag: tag).ExecuteAsync(ctx);
    }

    private static bool NoneMatch(HttpRequest request, EntityTagHeaderValue tag) =>
        request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } tags && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false));

    private static void SetHeaders(HttpResponse response, EntityTagHeaderValue tag, string cacheControl)
    {
        response.Headers.ETag = tag.ToString();
        response.Headers.CacheControl = cacheControl;
    }
}
