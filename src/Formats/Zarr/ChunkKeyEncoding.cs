using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>
/// How chunk coordinates name a chunk's file: <c>default</c> ("c/1/2", the separator "/" or ".")
/// or <c>v2</c> ("1.2").
/// </summary>
internal sealed record ChunkKeyEncoding(bool Prefixed, char Separator)
{
    /// <summary>What Tessera writes: <c>default</c> with "/".</summary>
    public static ChunkKeyEncoding Default { get; } = new(true, '/');

    public static ChunkKeyEncoding Parse(JsonNode? node, string file)
    {
        if (node is not JsonObject encoding || encoding["name"]?.GetValueKind() != JsonValueKind.String)
            throw ZarrErrors.BadMetadata(file, "\"chunk_key_encoding\" is missing or has no name.");
        string name = encoding["name"]!.GetValue<string>();
        if (name is not ("default" or "v2"))
            throw ZarrErrors.Unsupported(file, $"chunk key encoding '{name}' is not supported (default and v2 are).");
        var separator = encoding["configuration"]?["separator"];
        string text = separator?.GetValueKind() == JsonValueKind.String ? separator.GetValue<string>() : name == "default" ? "/" : ".";
        if (text is not ("/" or "."))
            throw ZarrErrors.BadMetadata(file, $"the chunk key separator is \"/\" or \".\", not {separator?.ToJsonString()}.");
        return new ChunkKeyEncoding(name == "default", text[0]);
    }

    /// <summary>The chunk's key, relative to the array's folder, with "/" between folders.</summary>
    public string Key(long[] coords)
    {
        string joined = string.Join(this.Separator, coords);
        return this.Prefixed ? "c" + this.Separator + joined : joined;
    }

    public JsonObject ToJson() => new()
    {
        ["name"] = this.Prefixed ? "default" : "v2",
        ["configuration"] = new JsonObject { ["separator"] = this.Separator.ToString() },
    };
}
