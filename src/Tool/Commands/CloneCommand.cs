using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>clone URL DIR [--no-data]</c>.</summary>
internal static class CloneCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("URL") { Description = "http(s)://host:port/repo, s3://bucket/prefix, or a repository folder" };
        var dir = new Argument<string>("DIR") { Description = "A new (or empty) folder for the clone" };
        var noData = new Option<bool>("--no-data") { Description = "Copy commits, trees and manifests but no sample bytes; get them later with 'fetch-data'" };
        var connection = RemoteCommands.ConnectionOptions();
        var command = new Command("clone", "Copy a remote repository (rerun to resume an interrupted clone)") { url, dir, noData, connection.TokenFile, connection.Endpoint, connection.Region };
        return command.Handle(context =>
        {
            var options = new CloneOptions { NoData = context.Get(noData), Remote = RemoteCommands.ReadConnection(context, connection) };
            using var repo = Repository.Clone(RemoteCommands.NormalizeUrl(context, context.Get(url)), context.ResolveFile(context.Get(dir)), options);
            var head = repo.Head;
            string message = head is null
                ? $"Cloned an empty repository into {repo.Root}."
                : $"Cloned into {repo.Root}: {repo.HeadBranch} at {head.ShortId}{(options.NoData ? "; no sample data yet: fetch it with 'dotnet tensor fetch-data'" : "")}.";
            return NodeCommands.ReportDone(context, message, w => JsonShapes.WriteClone(w, repo.Root, context.Get(url), repo.HeadBranch, head?.Id));
        });
    }
}
