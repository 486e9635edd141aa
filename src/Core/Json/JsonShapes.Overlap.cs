using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary>
    /// <c>{a, b, sharedContents, pairCount, pairs}</c>: each side is
    /// <c>{path, commit, keys, samples, contents, sharedSamples}</c> (commit null for the staging
    /// area), each pair <c>{a, b, id}</c> with keys as the CLI reads them back.
    /// </summary>
    public static void WriteOverlap(Utf8JsonWriter w, OverlapResult overlap)
    {
        w.WriteStartObject();
        WriteOverlapSide(w, "a", overlap.A);
        WriteOverlapSide(w, "b", overlap.B);
        w.WriteNumber("sharedContents", overlap.SharedContents);
        w.WriteNumber("pairCount", overlap.PairCount);
        w.WriteStartArray("pairs");
        foreach (var pair in overlap.Pairs)
        {
            w.WriteStartObject();
            w.WriteString("a", KeyText(pair.KeyA, pair.SubkeyA));
            w.WriteString("b", KeyText(pair.KeyB, pair.SubkeyB));
            w.WriteString("id", pair.Id.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteOverlapSide(Utf8JsonWriter w, string name, OverlapSideCounts side)
    {
        w.WriteStartObject(name);
        w.WriteString("path", side.Path);
        WriteId(w, "commit", side.Commit?.Id);
        w.WriteString("keys", side.Keys);
        w.WriteNumber("samples", side.Samples);
        w.WriteNumber("contents", side.Contents);
        w.WriteNumber("sharedSamples", side.SharedSamples);
        w.WriteEndObject();
    }
}
