using System.Text.Json;

namespace Tessera;

/// <summary>The JSON shapes of push (and push --delete), remote gc, fetch, fetch-data and pull results (docs/cli-json.schema.json), shared by every front end.</summary>
public static class TransferJson
{
    /// <summary><c>{remote, branch, old, new, upToDate, tags, transferred}</c>: old is null when the push created the remote branch.</summary>
    public static void WritePush(Utf8JsonWriter w, PushResult result)
    {
        w.WriteStartObject();
        w.WriteString("remote", result.Remote);
        w.WriteString("branch", result.Branch);
        w.WriteString("old", result.OldTip?.ToString());
        w.WriteString("new", result.NewTip.ToString());
        w.WriteBoolean("upToDate", result.UpToDate);
        w.WriteStartArray("tags");
        foreach (var tag in result.Tags)
            w.WriteStringValue(tag);
        w.WriteEndArray();
        WriteStats(w, result.Stats);
        w.WriteEndObject();
    }

    /// <summary><c>{remote, deleted: [{kind, name, old}]}</c>: the refs <c>push --delete</c> deleted on the remote.</summary>
    public static void WritePushDelete(Utf8JsonWriter w, string remote, IReadOnlyList<RemoteRefDeletion> deleted)
    {
        w.WriteStartObject();
        w.WriteString("remote", remote);
        w.WriteStartArray("deleted");
        foreach (var d in deleted)
        {
            w.WriteStartObject();
            w.WriteString("kind", d.Kind);
            w.WriteString("name", d.Name);
            w.WriteString("old", d.Old.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>{remote, gracePeriodSeconds, commits, pages, blobs, bytesFreed, packsRewritten, packsDeleted, waiting, seconds}</c>.</summary>
    public static void WriteRemoteGc(Utf8JsonWriter w, RemoteGcResult result)
    {
        w.WriteStartObject();
        w.WriteString("remote", result.Remote);
        w.WriteNumber("gracePeriodSeconds", result.GracePeriod.TotalSeconds);
        w.WriteNumber("commits", result.Commits);
        w.WriteNumber("pages", result.Pages);
        w.WriteNumber("blobs", result.Blobs);
        w.WriteNumber("bytesFreed", result.BytesFreed);
        w.WriteNumber("packsRewritten", result.PacksRewritten);
        w.WriteNumber("packsDeleted", result.PacksDeleted);
        w.WriteNumber("waiting", result.Waiting);
        w.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>{remote, updated: [{name, old, new}], tags: [{name, target, created}], transferred}</c>:
    /// the remote-tracking branches that moved (new null when deleted on the remote).
    /// </summary>
    public static void WriteFetch(Utf8JsonWriter w, FetchResult result)
    {
        w.WriteStartObject();
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
        w.WriteEndObject();
    }

    /// <summary><c>{transferred}</c>: what fetch-data brought.</summary>
    public static void WriteFetchData(Utf8JsonWriter w, TransferStats stats)
    {
        w.WriteStartObject();
        WriteStats(w, stats);
        w.WriteEndObject();
    }

    /// <summary><c>{fetch, merge}</c>: the fetch (as <see cref="WriteFetch"/>) and the merge result (as <see cref="JsonShapes.WriteMergeResult"/>).</summary>
    public static void WritePull(Utf8JsonWriter w, FetchResult fetched, MergeResult merged)
    {
        w.WriteStartObject();
        w.WritePropertyName("fetch");
        WriteFetch(w, fetched);
        w.WritePropertyName("merge");
        JsonShapes.WriteMergeResult(w, merged);
        w.WriteEndObject();
    }

    /// <summary><c>transferred: {commits, pages, samples, links, bytes}</c>.</summary>
    private static void WriteStats(Utf8JsonWriter w, TransferStats s)
    {
        w.WriteStartObject("transferred");
        w.WriteNumber("commits", s.Commits);
        w.WriteNumber("pages", s.Pages);
        w.WriteNumber("samples", s.Blobs);
        w.WriteNumber("links", s.Links);
        w.WriteNumber("bytes", s.Bytes);
        w.WriteEndObject();
    }
}
