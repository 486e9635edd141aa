using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>remote add|list|rm</c>: named URLs of servers, object storage and folders to push to and fetch from.</summary>
internal static class RemoteCommands
{
    public static Command Create()
    {
        var command = new Command("remote", "Manage remotes: http(s)://host/repo, s3://bucket/prefix or a folder");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRemove());
        return command.HandleWithRepository(List);
    }

    /// <summary>The options that say how a remote is reached, shared by <c>remote add</c> and <c>clone</c>.</summary>
    public static (Option<string?> TokenFile, Option<string?> Endpoint, Option<string?> Region) ConnectionOptions() => (
        new Option<string?>("--token-file") { Description = "A file holding the bearer token of an HTTP remote (else TESSERA_TOKEN)", HelpName = "file" },
        new Option<string?>("--endpoint") { Description = "S3 endpoint URL for MinIO, Ceph RGW and other non-AWS storage (else AWS_ENDPOINT_URL)", HelpName = "url" },
        new Option<string?>("--region") { Description = "S3 region (else AWS_REGION, else us-east-1)", HelpName = "region" });

    public static RemoteOptions ReadConnection(CommandContext context, (Option<string?> TokenFile, Option<string?> Endpoint, Option<string?> Region) options) => new()
    {
        TokenFile = context.Get(options.TokenFile) is { } file ? context.ResolveFile(file) : null,
        Endpoint = context.Get(options.Endpoint),
        Region = context.Get(options.Region),
    };

    /// <summary>A folder URL is made absolute (relative to -C) so the remote works from any directory.</summary>
    public static string NormalizeUrl(CommandContext context, string url) =>
        url.Contains("://", StringComparison.Ordinal) ? url : context.ResolveFile(url);

    private static Command CreateAdd()
    {
        var name = new Argument<string>("NAME") { Description = "The remote's name, e.g. origin" };
        var url = new Argument<string>("URL") { Description = "http(s)://host:port/repo, s3://bucket/prefix, or a repository folder" };
        var noData = new Option<bool>("--no-data") { Description = "Fetch bookkeeping only; sample bytes come with 'fetch-data'" };
        var connection = ConnectionOptions();
        var command = new Command("add", "Add a remote") { name, url, noData, connection.TokenFile, connection.Endpoint, connection.Region };
        return command.HandleWithRepository((context, repo) =>
        {
            var options = ReadConnection(context, connection) with { FetchData = !context.Get(noData) };
            var remote = repo.Remotes.Add(context.Get(name), NormalizeUrl(context, context.Get(url)), options);
            return NodeCommands.ReportDone(context, $"Added remote '{remote.Name}' at {remote.Url}. Fetch from it with 'dotnet tensor fetch {remote.Name}'.",
                w => JsonShapes.WriteRemote(w, remote));
        });
    }

    private static Command CreateList() => new Command("list", "List the remotes").HandleWithRepository(List);

    /// <summary>What <c>remote list</c> and <c>remote</c> alone print, with the global options (-C, --json) of the line.</summary>
    private static int List(CommandContext context, Repository repo)
    {
        var remotes = repo.Remotes.List();
        if (context.Json)
        {
            context.WriteJson(w => JsonShapes.WriteRemotes(w, remotes));
            return 0;
        }
        foreach (var r in remotes)
            context.Out.WriteLine($"{r.Name}\t{r.Url}{(r.Options.FetchData ? "" : "\t(no data)")}");
        return 0;
    }

    private static Command CreateRemove()
    {
        var name = new Argument<string>("NAME") { Description = "The remote to remove (with its remote-tracking branches)" };
        return new Command("rm", "Remove a remote") { name }.HandleWithRepository((context, repo) =>
        {
            var removed = repo.Remotes.List().FirstOrDefault(r => r.Name == context.Get(name));
            repo.Remotes.Remove(context.Get(name));
            return NodeCommands.ReportDone(context, $"Removed remote '{context.Get(name)}'.", w => JsonShapes.WriteRemote(w, removed!));
        });
    }
}
