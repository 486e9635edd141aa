using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{path, key, kind, base, ours, theirs}</c>: key is null for node-level conflicts (and the
    /// attribute name for attribute conflicts); kind is added-both, removed-mutated, mutated-removed,
    /// mutated-both, schema or attribute; base/ours/theirs are sample ids or null.
    /// </summary>
    public static void WriteConflict(Utf8JsonWriter w, Conflict conflict)
    {
        w.WriteStartObject();
        w.WriteString("path", conflict.Path);
        if (conflict.Key is null)
            w.WriteNull("key");
        else
            w.WriteString("key", conflict.Key);
        w.WriteString("kind", conflict.Kind.Name());
        WriteId(w, "base", conflict.Base);
        WriteId(w, "ours", conflict.Ours);
        WriteId(w, "theirs", conflict.Theirs);
        w.WriteEndObject();
    }

    /// <summary>An array of conflicts (see <see cref="WriteConflict"/>).</summary>
    public static void WriteConflicts(Utf8JsonWriter w, IEnumerable<Conflict> conflicts)
    {
        w.WriteStartArray();
        foreach (var conflict in conflicts)
            WriteConflict(w, conflict);
        w.WriteEndArray();
    }

    /// <summary><c>{status, commit, conflicts}</c>: status is up-to-date, fast-forward, merged, squashed or conflicts; commit the new tip or null.</summary>
    public static void WriteMergeResult(Utf8JsonWriter w, MergeResult result)
    {
        w.WriteStartObject();
        w.WriteString("status", result.Status switch
        {
            MergeStatus.UpToDate => "up-to-date",
            MergeStatus.FastForward => "fast-forward",
            MergeStatus.Merged => "merged",
            MergeStatus.Squashed => "squashed",
            _ => "conflicts",
        });
        if (result.Commit is null)
        {
            w.WriteNull("commit");
        }
        else
        {
            w.WritePropertyName("commit");
            WriteCommit(w, result.Commit);
        }
        w.WritePropertyName("conflicts");
        WriteConflicts(w, result.Conflicts);
        w.WriteEndObject();
    }
}
