using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Server;

/// <summary>
/// <c>dotnet tensor serve</c>: repositories under a root folder over HTTP (Kestrel), with the
/// endpoints of <see cref="Remotes.RemoteProtocol"/> (unless Zarr-only), the read-only Zarr view of
/// every revision, and bearer-token scopes.
/// </summary>
public static class TesseraServer
{
    /// <summary>Builds the server (not started). Refuses to listen beyond loopback without tokens.</summary>
    public static WebApplication Build(ServerOptions options, TextWriter? log = null)
    {
        var root = Path.GetFullPath(options.Root);
        if (!Directory.Exists(root))
            throw new NotFoundException(ErrorCode.InvalidArgument, $"The root folder {root} does not exist; pass --root with the folder holding the repositories.");
        var tokens = options.TokenFile is { } file ? AccessTokens.Load(file) : AccessTokens.None;
        // A Zarr-only server writes nothing, so it may be a public mirror; the push endpoints need tokens beyond loopback.
        if (tokens.Open && !options.ZarrOnly && options.Urls.Any(u => !IsLoopback(u)))
        {
            throw new InvalidInputException(ErrorCode.InvalidArgument,
                "Serving beyond 127.0.0.1 needs authentication: pass --token-file with 'TOKEN read|write' lines, or serve only the read-only Zarr view with --zarr-only.");
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = root });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // The object streams are read and written synchronously, one frame at a time.
            k.AllowSynchronousIO = true;
            k.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });
        var app = builder.Build();
        var hosts = new RepositoryHosts(root);
        app.Lifetime.ApplicationStopped.Register(hosts.Dispose);
        var endpoints = new Endpoints(hosts, tokens, log);
        if (!options.ZarrOnly)
            endpoints.Map(app);
        new ZarrEndpoints(endpoints).Map(app);
        return app;
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));
}
