using System.CommandLine;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary><c>fetch [REMOTE]</c> and <c>fetch-data</c>.</summary>
internal static class FetchCommands
{
    public static Command CreateFetch()
    {
        var remote = new Argument<string>("REMOTE") { Description = "The remote to fetch from", DefaultValueFactory = _ => RemoteCollection.DefaultRemote };
        var noData = new Option<bool>("--no-data") { Description = "Fetch bookkeeping only (commits, trees, manifests), whatever the remote's setting" };
        var command = new Command("fetch", "Bring a remote's new commits (and data, unless partial) and update its remote-tracking branches (origin/main)") { remote, noData };
        return command.HandleWithRepository((context, repo) =>
        {
            var result = repo.Remotes.Fetch(new FetchOptions { Remote = context.Get(remote), FetchData = context.Get(noData) ? false : null });
            if (context.Json)
            {
                context.WriteJson(w => TransferJson.WriteFetch(w, result));
            }
            else
            {
                RemoteTransferText.PrintFetch(context, result);
            }
            return 0;
        });
    }

    public static Command CreateFetchData()
    {
        var remote = new Option<string>("--remote") { Description = "The remote to fetch from", DefaultValueFactory = _ => RemoteCollection.DefaultRemote };
        var revision = new Option<string>("--rev") { Description = "The revision whose samples to fetch", DefaultValueFactory = _ => "HEAD", HelpName = "rev" };
        var path = new Option<string?>("--path") { Description = "Only this node and those under it", HelpName = "path" };
        var keys = new Option<string[]>("--keys") { Description = "Only these keys (integers, or strings)", AllowMultipleArgumentsPerToken = true, HelpName = "key" };
        var command = new Command("fetch-data", "Fetch the sample bytes a partial clone lacks: of a revision, a path, some keys") { remote, revision, path, keys };
        return command.HandleWithRepository((context, repo) =>
        {
            var keyList = context.Get(keys) is { Length: > 0 } k ? k.Select(SampleKey.Parse).ToList() : null;
            var stats = repo.Remotes.FetchData(new FetchDataOptions { Remote = context.Get(remote), Revision = context.Get(revision), Path = context.Get(path), Keys = keyList });
            if (context.Json)
            {
                context.WriteJson(w => TransferJson.WriteFetchData(w, stats));
            }
            else
            {
                context.Out.WriteLine(stats.Blobs == 0 ? "Every sample asked for is already here." : $"Fetched {RemoteTransferText.Summary(stats)}.");
            }
            return 0;
        });
    }
}
