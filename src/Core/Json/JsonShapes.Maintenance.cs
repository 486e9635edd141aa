using System.Text.Json;

namespace Tessera;

public static partial class JsonShapes
{
    /// <summary><c>{ok, commits, pages, blobs, blobBytes, problems: [{kind, id, where, message}]}</c>.</summary>
    public static void WriteVerify(Utf8JsonWriter w, VerifyResult result)
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", result.IsOk);
        w.WriteNumber("commits", result.Commits);
        w.WriteNumber("pages", result.Pages);
        w.WriteNumber("blobs", result.Blobs);
        w.WriteNumber("blobBytes", result.BlobBytes);
        w.WriteStartArray("problems");
        foreach (var problem in result.Problems)
        {
            w.WriteStartObject();
            w.WriteString("kind", problem.Kind);
            w.WriteString("id", problem.Id);
            w.WriteString("where", problem.Where);
            w.WriteString("message", problem.Message);
            w.WriteString("node", problem.Node);
            w.WriteString("key", problem.Key);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>{dryRun, commits, pages, blobs, bytesFreed, packsRewritten}</c>.</summary>
    public static void WriteGc(Utf8JsonWriter w, GcResult result)
    {
        w.WriteStartObject();
        w.WriteBoolean("dryRun", result.DryRun);
        w.WriteNumber("commits", result.Commits);
        w.WriteNumber("pages", result.Pages);
        w.WriteNumber("blobs", result.Blobs);
        w.WriteNumber("bytesFreed", result.BytesFreed);
        w.WriteNumber("packsRewritten", result.PacksRewritten);
        w.WriteEndObject();
    }
}
