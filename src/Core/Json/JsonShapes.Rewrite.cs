using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{kind, status, commits, skipped, stopped, conflicts, remaining}</c>: kind cherry-pick or
    /// revert; status done or conflicts; the commits made; source commits skipped because they change
    /// nothing here; the commit whose conflicts are staged (null when done) and those still to apply.
    /// </summary>
    public static void WritePickResult(Utf8JsonWriter w, PickResult result)
    {
        w.WriteStartObject();
        w.WriteString("kind", result.Kind.Name());
        w.WriteString("status", result.Status == PickStatus.Done ? "done" : "conflicts");
        w.WriteStartArray("commits");
        foreach (var commit in result.Commits)
            WriteCommit(w, commit);
        w.WriteEndArray();
        WriteIds(w, "skipped", result.Skipped);
        WriteId(w, "stopped", result.Stopped);
        w.WritePropertyName("conflicts");
        WriteConflicts(w, result.Conflicts);
        WriteIds(w, "remaining", result.Remaining);
        w.WriteEndObject();
    }

    /// <summary><c>{branch, old, new, dropped}</c>: a branch moved by reset or <c>branch -f</c>; dropped are the commits left on no ref, newest first.</summary>
    public static void WriteBranchMove(Utf8JsonWriter w, BranchMove move)
    {
        w.WriteStartObject();
        w.WriteString("branch", move.Branch);
        WriteId(w, "old", move.Old);
        WriteId(w, "new", move.New.Id);
        WriteIds(w, "dropped", move.Dropped.Select(c => c.Id));
        w.WriteEndObject();
    }

    /// <summary>An array of <c>{sequence, kind, name, old, new, time}</c>, newest first; old/new null where the ref was created/deleted.</summary>
    public static void WriteRefLog(Utf8JsonWriter w, IEnumerable<RefLogEntry> entries)
    {
        w.WriteStartArray();
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteNumber("sequence", e.Sequence);
            w.WriteString("kind", e.Kind);
            w.WriteString("name", e.Name);
            WriteId(w, "old", e.Old);
            WriteId(w, "new", e.New);
            w.WriteString("time", FormatTime(e.Time));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary><c>{path, keys, entriesRemoved, commits: [{old, new}], refs: [{kind, name, old, new}]}</c>: what a purge removed and rewrote.</summary>
    public static void WritePurge(Utf8JsonWriter w, PurgeResult result)
    {
        w.WriteStartObject();
        w.WriteString("path", result.Path);
        w.WriteStartArray("keys");
        foreach (var key in result.Keys)
            w.WriteStringValue(key);
        w.WriteEndArray();
        w.WriteNumber("entriesRemoved", result.EntriesRemoved);
        WriteRewrites(w, result.Commits, result.Refs);
        w.WriteEndObject();
    }

    /// <summary><c>{before, dropped, commits: [{old, new}], refs: [{kind, name, old, new}]}</c>: what an expire dropped and rewrote.</summary>
    public static void WriteExpire(Utf8JsonWriter w, ExpireResult result)
    {
        w.WriteStartObject();
        w.WriteString("before", FormatTime(result.Before));
        WriteIds(w, "dropped", result.Dropped);
        WriteRewrites(w, result.Commits, result.Refs);
        w.WriteEndObject();
    }

    private static void WriteRewrites(Utf8JsonWriter w, IReadOnlyList<CommitRewrite> commits, IReadOnlyList<RefRewrite> refs)
    {
        w.WriteStartArray("commits");
        foreach (var rewrite in commits)
        {
            w.WriteStartObject();
            WriteId(w, "old", rewrite.Old);
            WriteId(w, "new", rewrite.New);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("refs");
        foreach (var moved in refs)
        {
            w.WriteStartObject();
            w.WriteString("kind", moved.Kind);
            w.WriteString("name", moved.Name);
            WriteId(w, "old", moved.Old);
            WriteId(w, "new", moved.New);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteIds(Utf8JsonWriter w, string name, IEnumerable<ObjectId> ids)
    {
        w.WriteStartArray(name);
        foreach (var id in ids)
            w.WriteStringValue(id.ToString());
        w.WriteEndArray();
    }
}
