using System.Text.Json;
using Tessera.Tool.Cli;

namespace Tessera.Tool.Commands;

/// <summary>How push, fetch, pull, clone and fetch-data report what they moved, as text and as JSON.</summary>
internal static class RemoteTransferText
{
    public static string Summary(TransferStats s) =>
        $"{s.Commits} commit(s), {s.Pages} page(s), {s.Blobs} sample(s), {(s.Links > 0 ? $"{s.Links} git link(s), " : "")}{Bytes(s.Bytes)}";

    public static void WriteStats(Utf8JsonWriter w, TransferStats s)
    {
        w.WriteStartObject("transferred");
        w.WriteNumber("commits", s.Commits);
        w.WriteNumber("pages", s.Pages);
        w.WriteNumber("samples", s.Blobs);
        w.WriteNumber("links", s.Links);
        w.WriteNumber("bytes", s.Bytes);
        w.WriteEndObject();
    }

    public static void WriteFetch(Utf8JsonWriter w, FetchResult result)
    {
        w.WriteString("remote", result.Remote);
        w.WriteStartArray("updated");
        foreach (var u in result.Updates)
        {
            w.WriteStartObject();
            w.WriteString("name", u.Name);
            w.WriteString("old", u.OldTip?.ToString());
            w.WriteString("new", u.NewTip?.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("tags");
        foreach (var tag in result.Tags)
        {
            w.WriteStartObject();
            w.WriteString("name", tag.Name);
            w.WriteString("target", tag.Target.ToString());
            w.WriteBoolean("created", tag.Created);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteStats(w, result.Stats);
    }

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
