using System.Text.Json;

namespace Tessera.Remotes;

/// <summary>
/// The HTTP protocol between <see cref="HttpRemoteStore"/> and <c>dotnet tensor serve</c>, relative
/// to a repository's URL (<c>http://host:port/NAME/</c>); docs/remotes.md describes it.
/// </summary>
public static class RemoteProtocol
{
    /// <summary>GET: <c>{"head": "main", "branches": {"main": "&lt;id&gt;"}, "tags": {"v1": "&lt;id&gt;"}}</c>.</summary>
    public const string Refs = "refs";

    /// <summary>
    /// PUT <c>refs/heads/NAME</c>: <c>{"expected": "&lt;id&gt;"|null, "target": "&lt;id&gt;", "force": true?}</c>; 409 when the
    /// branch moved, or when the move is not a fast-forward and <c>force</c> is absent; 403 for <c>force</c> without a force token.
    /// </summary>
    public const string BranchPrefix = "refs/heads/";

    /// <summary>
    /// DELETE <c>refs/heads/NAME?expected=&lt;id&gt;</c> or <c>refs/tags/NAME?expected=&lt;id&gt;</c>: deletes the ref if it still
    /// names that commit; 404 when there is none, 409 when it moved or is the branch HEAD names.
    /// </summary>
    public const string ExpectedParameter = "expected";

    /// <summary>
    /// POST <c>{"gracePeriodSeconds": n}</c> with a token of scope force: remote gc of the served repository;
    /// the answer is the shape of <see cref="TransferJson.WriteRemoteGc"/> (the CLI's <c>gc --remote --json</c>).
    /// </summary>
    public const string Gc = "gc";

    /// <summary>GET: the ids of the git link records the repository holds, 32 bytes each.</summary>
    public const string Links = "links";

    /// <summary>PUT <c>refs/tags/NAME</c>: <c>{"target": "&lt;id&gt;"}</c>; 409 when the tag names another commit.</summary>
    public const string TagPrefix = "refs/tags/";

    /// <summary>POST ids (32 bytes each): one byte per id back, 1 when the server holds it.</summary>
    public static string Have(ObjectKind kind) => $"objects/{kind.Name()}/have";

    /// <summary>POST ids: the objects back as <see cref="ObjectFrames"/>.</summary>
    public static string Get(ObjectKind kind) => $"objects/{kind.Name()}/get";

    /// <summary>POST a frame stream: the server verifies and stores it.</summary>
    public const string Put = "objects";

    /// <summary>Ids per have/get request the server accepts (a body of 1 MiB).</summary>
    public const int MaxIdsPerRequest = 32_768;

    /// <summary>The media type of a frame stream (<see cref="ObjectFrames"/>).</summary>
    public const string FramesMediaType = "application/vnd.tessera.objects";

    /// <summary>A list of ids as a request or response body: 32 bytes each.</summary>
    public static byte[] EncodeIds(IReadOnlyList<ObjectId> ids)
    {
        var body = new byte[ids.Count * ObjectId.Size];
        for (int i = 0; i < ids.Count; i++)
            ids[i].Write(body.AsSpan(i * ObjectId.Size));
        return body;
    }

    /// <summary>Reads a body of ids; refuses one whose length is not a multiple of 32 bytes.</summary>
    public static List<ObjectId> DecodeIds(ReadOnlySpan<byte> body)
    {
        if (body.Length % ObjectId.Size != 0)
            throw new TransferException($"A list of ids must be a multiple of {ObjectId.Size} bytes long; got {body.Length}.");
        var ids = new List<ObjectId>(body.Length / ObjectId.Size);
        for (int off = 0; off < body.Length; off += ObjectId.Size)
            ids.Add(ObjectId.Read(body[off..]));
        return ids;
    }

    /// <summary>The body of a branch update; <c>force</c> only when asked, so servers that predate it read the same request.</summary>
    public static Dictionary<string, object?> BranchUpdate(ObjectId? expected, ObjectId target, bool force)
    {
        var body = new Dictionary<string, object?> { ["expected"] = expected?.ToString(), ["target"] = target.ToString() };
        if (force)
            body["force"] = true;
        return body;
    }

    /// <summary>The answer to GET <see cref="Refs"/>.</summary>
    public static void WriteRefs(Utf8JsonWriter w, string? head, IReadOnlyDictionary<string, ObjectId> branches, IReadOnlyDictionary<string, ObjectId> tags)
    {
        w.WriteStartObject();
        w.WriteString("head", head);
        WriteMap(w, "branches", branches);
        WriteMap(w, "tags", tags);
        w.WriteEndObject();
    }

    /// <summary>Reads the answer to GET <see cref="Refs"/>.</summary>
    public static (string? Head, Dictionary<string, ObjectId> Branches, Dictionary<string, ObjectId> Tags) ReadRefs(JsonElement root) =>
        (root.GetProperty("head").GetString(), ReadMap(root.GetProperty("branches")), ReadMap(root.GetProperty("tags")));

    private static void WriteMap(Utf8JsonWriter w, string property, IReadOnlyDictionary<string, ObjectId> refs)
    {
        w.WriteStartObject(property);
        foreach (var (name, target) in refs)
            w.WriteString(name, target.ToString());
        w.WriteEndObject();
    }

    private static Dictionary<string, ObjectId> ReadMap(JsonElement map)
    {
        var refs = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        foreach (var p in map.EnumerateObject())
            refs[p.Name] = ObjectId.Parse(p.Value.GetString()!);
        return refs;
    }

    /// <summary>Reads the answer to POST <see cref="Gc"/>.</summary>
    public static RemoteGcResult ReadGc(JsonElement root, string remote, TimeSpan gracePeriod) => new(remote, gracePeriod,
        root.GetProperty("commits").GetInt32(), root.GetProperty("pages").GetInt32(), root.GetProperty("blobs").GetInt64(), root.GetProperty("bytesFreed").GetInt64(),
        root.GetProperty("packsRewritten").GetInt32(), root.GetProperty("packsDeleted").GetInt32(), root.GetProperty("waiting").GetInt32());

    /// <summary>
    /// An error answer: <c>{"code": "kebab-name", "message": "…", "details": {"revision": "…"}}</c>, details
    /// (what the failure is about, named as <see cref="ErrorDetail"/> in camelCase) only when there are some.
    /// </summary>
    public static void WriteError(Utf8JsonWriter w, ErrorCode code, string message, IReadOnlyDictionary<ErrorDetail, string>? details = null)
    {
        w.WriteStartObject();
        w.WriteString("code", code.Name());
        w.WriteString("message", message);
        if (details is { Count: > 0 })
        {
            w.WriteStartObject("details");
            foreach (var (detail, value) in details.OrderBy(d => d.Key))
                w.WriteString(JsonNamingPolicy.CamelCase.ConvertName(detail.ToString()), value);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
