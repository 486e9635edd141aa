using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{from, to, added, removed, mutated, nodes, conflicts}</c>. Each node is
    /// <c>{path, oldPath, kind, change, schemaChanged, attributesChanged, added, removed, mutated, keys}</c>
    /// with change one of added, removed, moved, modified; each key is
    /// <c>{key, change, old, new, numeric}</c> (numeric: <c>{elementsChanged, maxAbsDifference}</c> or null).
    /// Conflicts are as <see cref="WriteConflict"/>.
    /// </summary>
    public static void WriteDiff(Utf8JsonWriter w, DiffResult diff, IEnumerable<Conflict> conflicts, bool includeKeys = true)
    {
        w.WriteStartObject();
        w.WriteString("from", diff.From);
        w.WriteString("to", diff.To);
        w.WriteNumber("added", diff.Added);
        w.WriteNumber("removed", diff.Removed);
        w.WriteNumber("mutated", diff.Mutated);
        w.WritePropertyName("nodes");
        WriteNodeDiffs(w, diff.Nodes, includeKeys);
        w.WritePropertyName("conflicts");
        WriteConflicts(w, conflicts);
        w.WriteEndObject();
    }

    /// <summary>An array of node diffs (see <see cref="WriteDiff"/>).</summary>
    public static void WriteNodeDiffs(Utf8JsonWriter w, IEnumerable<NodeDiff> nodes, bool includeKeys)
    {
        w.WriteStartArray();
        foreach (var node in nodes)
        {
            w.WriteStartObject();
            w.WriteString("path", node.Path);
            if (node.OldPath is null)
                w.WriteNull("oldPath");
            else
                w.WriteString("oldPath", node.OldPath);
            w.WriteString("kind", node.Kind.Name());
            w.WriteString("change", node.Change.ToString().ToLowerInvariant());
            w.WriteBoolean("schemaChanged", node.SchemaChanged);
            w.WriteStartArray("attributesChanged");
            foreach (var name in node.AttributesChanged)
                w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteNumber("added", node.Added);
            w.WriteNumber("removed", node.Removed);
            w.WriteNumber("mutated", node.Mutated);
            if (includeKeys)
            {
                w.WriteStartArray("keys");
                foreach (var key in node.Keys)
                    WriteKeyChange(w, key);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteKeyChange(Utf8JsonWriter w, KeyChange key)
    {
        w.WriteStartObject();
        w.WriteString("key", key.Key);
        w.WriteString("change", key.Change.ToString().ToLowerInvariant());
        WriteId(w, "old", key.Old);
        WriteId(w, "new", key.New);
        if (key.Numeric is { } numeric)
        {
            w.WriteStartObject("numeric");
            w.WriteNumber("elementsChanged", numeric.ElementsChanged);
            if (numeric.MaxAbsDifference is { } max && double.IsFinite(max))
                w.WriteNumber("maxAbsDifference", max);
            else
                w.WriteNull("maxAbsDifference");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("numeric");
        }
        w.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter w, string name, ObjectId? id)
    {
        if (id is { } value)
            w.WriteString(name, value.ToString());
        else
            w.WriteNull(name);
    }
}
