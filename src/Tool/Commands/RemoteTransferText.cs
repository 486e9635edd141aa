using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary>How push, fetch, pull, clone and fetch-data report what they moved, as text (their JSON: <see cref="TransferJson"/>).</summary>
internal static class RemoteTransferText
{
    public static string Summary(TransferStats s) =>
        $"{s.Commits} commit(s), {s.Pages} page(s), {s.Blobs} sample(s), {(s.Links > 0 ? $"{s.Links} git link(s), " : "")}{Bytes(s.Bytes)}";

    public static void PrintFetch(CommandContext context, FetchResult result)
    {
        foreach (var u in result.Updates)
        {
            string change = (u.OldTip, u.NewTip) switch
            {
                (null, { } n) => $"new at {n.ToShortString()}",
                ({ } o, { } n) => $"{o.ToShortString()}..{n.ToShortString()}",
                _ => "deleted on the remote",
            };
            context.Out.WriteLine($"  {u.Name}: {change}");
        }
        foreach (var tag in result.Tags)
        {
            context.Out.WriteLine(tag.Created
                ? $"  tag {tag.Name}: new at {tag.Target.ToShortString()}"
                : $"  tag {tag.Name}: kept; on {result.Remote} it names {tag.Target.ToShortString()} (rename or delete the local one to get it)");
        }
        context.Out.WriteLine(result.Updates.Count == 0 && result.Tags.Count == 0 && result.Stats.Links == 0
            ? $"{result.Remote} has nothing new."
            : $"Fetched {Summary(result.Stats)} from {result.Remote}.");
    }

    private static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1 << 20 => $"{n / 1024.0:0.0} KiB",
        _ => $"{n / 1048576.0:0.0} MiB",
    };
}
