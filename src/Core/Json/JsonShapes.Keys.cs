using System.Globalization;
using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{path, kind, total, offset, keys}</c>: one page of a node's keys, each as the CLI reads it
    /// back (<c>7</c>, <c>"7"</c>, <c>cat</c>; <c>key/subkey</c> in a nested column; <c>i/j/…</c>
    /// chunk coordinates in an array). <c>total</c> counts all of the node's keys.
    /// </summary>
    public static void WriteKeys(Utf8JsonWriter w, string path, NodeKind kind, long total, long offset, IEnumerable<string> keys)
    {
        w.WriteStartObject();
        w.WriteString("path", path);
        w.WriteString("kind", kind.Name());
        w.WriteNumber("total", total);
        w.WriteNumber("offset", offset);
        w.WriteStartArray("keys");
        foreach (string key in keys)
            w.WriteStringValue(key);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A column entry's key: <c>key</c>, or <c>key/subkey</c> in a nested column.</summary>
    public static string KeyText(SampleKey key, SampleKey? subkey) => subkey is { } sub ? $"{key}/{sub}" : key.ToString();

    /// <summary>A stored chunk's coordinates: <c>i/j/…</c>.</summary>
    public static string ChunkText(IEnumerable<long> coords) => string.Join('/', coords.Select(c => c.ToString(CultureInfo.InvariantCulture)));
}
