using System.Text.Json;

namespace Tessera;

/// <summary>What write commands made or changed: each returns the ids, names and targets it produced.</summary>
public static partial class JsonShapes
{
    /// <summary><c>{path, branch, user, email}</c>: the new repository's root folder, its first branch and author.</summary>
    public static void WriteInit(Utf8JsonWriter w, string root, string branch, Signature identity)
    {
        w.WriteStartObject();
        w.WriteString("path", root);
        w.WriteString("branch", branch);
        w.WriteString("user", identity.Name);
        w.WriteString("email", identity.Email);
        w.WriteEndObject();
    }

    /// <summary><c>{path, url, branch, head}</c>: a clone's root folder, where it came from, its branch and that branch's tip (null when empty).</summary>
    public static void WriteClone(Utf8JsonWriter w, string root, string url, string branch, ObjectId? head)
    {
        w.WriteStartObject();
        w.WriteString("path", root);
        w.WriteString("url", url);
        w.WriteString("branch", branch);
        WriteId(w, "head", head);
        w.WriteEndObject();
    }

    /// <summary><c>{path, branch, steps}</c>: the demo repository, the branch waiting to be merged, what was done.</summary>
    public static void WriteQuickstart(Utf8JsonWriter w, string root, string branch, IEnumerable<string> steps)
    {
        w.WriteStartObject();
        w.WriteString("path", root);
        w.WriteString("branch", branch);
        WriteStrings(w, "steps", steps);
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>{kind, change, name, oldName, target}</c>: a branch or tag created, deleted or renamed;
    /// target is the commit it names (named, for a deleted one); oldName is null unless renamed.
    /// </summary>
    public static void WriteRefChange(Utf8JsonWriter w, string kind, string change, string name, ObjectId target, string? oldName = null)
    {
        w.WriteStartObject();
        w.WriteString("kind", kind);
        w.WriteString("change", change);
        w.WriteString("name", name);
        WriteNullableString(w, "oldName", oldName);
        w.WriteString("target", target.ToString());
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>{branch, head, detached}</c>: where the staging area is after switch, checkout, reset or
    /// merge --abort; head is the commit (null before the first), branch the writer's branch.
    /// </summary>
    public static void WriteHead(Utf8JsonWriter w, string branch, ObjectId? head, bool detached)
    {
        w.WriteStartObject();
        w.WriteString("branch", branch);
        WriteId(w, "head", head);
        w.WriteBoolean("detached", detached);
        w.WriteEndObject();
    }

    /// <summary><c>{path, samples: [{key, id}]}</c>: the samples put into a column, each with its content id.</summary>
    public static void WritePut(Utf8JsonWriter w, string path, IEnumerable<(string Key, ObjectId Id)> samples)
    {
        w.WriteStartObject();
        w.WriteString("path", path);
        w.WriteStartArray("samples");
        foreach (var (key, id) in samples)
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("id", id.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>{path, kind, keys, nodes}</c>: what rm staged for removal: the keys of a column's samples,
    /// or the node at path with every node in it (paths).
    /// </summary>
    public static void WriteRemoval(Utf8JsonWriter w, string path, NodeKind kind, IEnumerable<string> keys, IEnumerable<string> nodes)
    {
        w.WriteStartObject();
        w.WriteString("path", path);
        w.WriteString("kind", kind.Name());
        WriteStrings(w, "keys", keys);
        WriteStrings(w, "nodes", nodes);
        w.WriteEndObject();
    }

    /// <summary><c>{path, selection, count}</c>: the elements an array write staged.</summary>
    public static void WriteArrayWrite(Utf8JsonWriter w, string path, string selection, long count)
    {
        w.WriteStartObject();
        w.WriteString("path", path);
        w.WriteString("selection", selection);
        w.WriteNumber("count", count);
        w.WriteEndObject();
    }

    /// <summary><c>{path, key, selection, file}</c>: a sample (key) or an array selection written to a file; the other one is null.</summary>
    public static void WriteFileWritten(Utf8JsonWriter w, string path, string? key, string? selection, string file)
    {
        w.WriteStartObject();
        w.WriteString("path", path);
        WriteNullableString(w, "key", key);
        WriteNullableString(w, "selection", selection);
        w.WriteString("file", file);
        w.WriteEndObject();
    }

    /// <summary><c>{side, resolved, left}</c>: conflicts resolved by taking ours or theirs, and how many remain.</summary>
    public static void WriteResolve(Utf8JsonWriter w, MergeSide side, int resolved, int left)
    {
        w.WriteStartObject();
        w.WriteString("side", side == MergeSide.Ours ? "ours" : "theirs");
        w.WriteNumber("resolved", resolved);
        w.WriteNumber("left", left);
        w.WriteEndObject();
    }

    /// <summary><c>{released}</c>: the lock that was released (as <see cref="WriteLock"/>), or null when nobody held it.</summary>
    public static void WriteLockRelease(Utf8JsonWriter w, WriterLockInfo? released)
    {
        w.WriteStartObject();
        w.WritePropertyName("released");
        WriteLock(w, released);
        w.WriteEndObject();
    }

    /// <summary><c>{name, url, fetchData}</c>.</summary>
    public static void WriteRemote(Utf8JsonWriter w, Remote remote)
    {
        w.WriteStartObject();
        w.WriteString("name", remote.Name);
        w.WriteString("url", remote.Url);
        w.WriteBoolean("fetchData", remote.Options.FetchData);
        w.WriteEndObject();
    }

    /// <summary>An array of remotes (see <see cref="WriteRemote"/>).</summary>
    public static void WriteRemotes(Utf8JsonWriter w, IEnumerable<Remote> remotes)
    {
        w.WriteStartArray();
        foreach (var remote in remotes)
            WriteRemote(w, remote);
        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteStringValue(value);
        w.WriteEndArray();
    }
}
