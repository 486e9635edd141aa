using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Manifests;

namespace Tessera.Staging;

/// <summary>
/// Manifests a commit would build, made ahead of it by the operation that staged their changes
/// (an import), as git's index caches trees: the commit after it links them instead of reading
/// millions of staged changes back and building them (design note 017). Kept in
/// <c>stage_meta.prepared</c>; one stays valid while its node's records in the staging log, its
/// unflushed changes and its base manifest are what they were when it was made.
/// </summary>
internal static class PreparedManifests
{
    public const string MetaKey = "prepared";

    public static string ToJson(IReadOnlyDictionary<string, PreparedManifest> prepared)
    {
        var nodes = new JsonObject();
        foreach (var (node, p) in prepared)
        {
            nodes[node] = new JsonObject
            {
                ["logBytes"] = p.LogBytes,
                ["base"] = p.BaseChain,
                ["root"] = p.Manifest.Base?.ToString(),
                ["deltas"] = new JsonArray([.. p.Manifest.Deltas.Select(d => (JsonNode)d.ToString())]),
                ["count"] = p.Manifest.Count,
                ["deltaEntries"] = p.Manifest.DeltaEntries,
            };
        }
        return nodes.ToJsonString();
    }

    public static Dictionary<string, PreparedManifest> FromJson(string json)
    {
        try
        {
            var result = new Dictionary<string, PreparedManifest>();
            foreach (var (node, value) in JsonNode.Parse(json)!.AsObject())
            {
                var o = value!.AsObject();
                var root = (string?)o["root"];
                var manifest = new ManifestRef(root is null ? null : ObjectId.Parse(root),
                    [.. o["deltas"]!.AsArray().Select(d => ObjectId.Parse((string)d!))], (long)o["count"]!, (long)o["deltaEntries"]!);
                result[node] = new PreparedManifest((long)o["logBytes"]!, (string)o["base"]!, manifest);
            }
            return result;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new CorruptObjectException("The staging area's prepared manifests are malformed. Discard the staging area.").With(ErrorDetail.Area, "staging");
        }
    }

    /// <summary>The text that names a base manifest's pages and count.</summary>
    public static string Chain(ManifestRef manifest) =>
        string.Create(CultureInfo.InvariantCulture, $"{manifest.ChainKey(manifest.Deltas.Count)} {manifest.Count}");
}

/// <param name="LogBytes">The bytes of the node's records in the staging log when it was made.</param>
/// <param name="BaseChain">The base manifest it was built on (<see cref="PreparedManifests.Chain"/>).</param>
/// <param name="Manifest">What the commit puts in its place.</param>
internal sealed record PreparedManifest(long LogBytes, string BaseChain, ManifestRef Manifest);
