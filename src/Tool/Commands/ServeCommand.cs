using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Tessera.Server;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>serve</c>: the repositories under a folder over HTTP, for push, fetch and clone, and as read-only Zarr v3 stores.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var root = new Option<string?>("--root") { Description = "The folder whose subfolders are the repositories served (default: -C)", HelpName = "dir" };
        var urls = new Option<string[]>("--urls") { Description = $"Where to listen (default {ServerOptions.DefaultUrl})", AllowMultipleArgumentsPerToken = true, HelpName = "url" };
        var tokenFile = new Option<string?>("--token-file")
        {
            Description = "Bearer tokens, one 'TOKEN read|write|force' per line (write: push; force: also push --force, which drops commits); without it only loopback is served",
            HelpName = "file",
        };
        var zarrOnly = new Option<bool>("--zarr-only")
        {
            Description = "Serve only the read-only Zarr v3 view of every revision (/REPO/zarr/REV/...), no push, fetch or clone; without --token-file it may listen beyond loopback, a public mirror",
        };
        var command = new Command("serve", "Serve repositories over HTTP (Kestrel) to push to, fetch and clone from, and as read-only Zarr v3 stores") { root, urls, tokenFile, zarrOnly };
        return command.Handle(context =>
        {
            var options = new ServerOptions
            {
                Root = context.Get(root) is { } r ? context.ResolveFile(r) : context.Directory,
                Urls = context.Get(urls) is { Length: > 0 } u ? u : [ServerOptions.DefaultUrl],
                TokenFile = context.Get(tokenFile) is { } f ? context.ResolveFile(f) : null,
                ZarrOnly = context.Get(zarrOnly),
            };
            using var app = TesseraServer.Build(options, Console.Error);
            app.Start();
            Console.Error.WriteLine($"Serving the repositories in {options.Root} at {string.Join(", ", app.Urls)} (Ctrl+C stops).");
            app.WaitForShutdown();
            return 0;
        });
    }
}
