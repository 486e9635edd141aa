using System.Text.Json;

namespace Tessera.Remotes;

/// <summary>
/// The HTTP protocol between <see cref="HttpRemoteStore"/> and <c>dotnet tensor serve</c>, relative
/// to a repository's URL (<c>http://host:port/NAME/</c>); docs/remotes.md describes it.
/// </summary>
internal static class RemoteProtocol
{
    /// <summary>GET: <c>{"head": "main", "branches": {"main": "&lt;id&gt;"}}</c>.</summary>
    public const string Refs = "refs";

    /// <summary>PUT <c>refs/heads/NAME</c>: <c>{"expected": "&lt;id&gt;"|null, "target": "&lt;id&gt;"}</c>; 409 when the branch moved.</summary>
    public const string BranchPrefix = "refs/heads/";

    /// <summary>POST ids (32 bytes each): one byte per id back, 1 when the server holds it.</summary>
    public static string Have(ObjectKind kind) => $"objects/{kind.Name()}/have";

    /// <summary>POST ids: the objects back as <see cref="ObjectFrames"/>.</summary>
    public static string Get(ObjectKind kind) => $"objects/{kind.Name()}/get";

    /// <summary>POST a frame stream: the server verifies and stores it.</summary>
    public const string Put = "objects";

    /// <summary>Ids per have/get request the server accepts (a body of 1 MiB).</summary>
    public const int MaxIdsPerRequest = 32_768;

    public const string FramesMediaType = "application/vnd.tessera.objects";

    public static byte[] EncodeIds(IReadOnlyList<ObjectId> ids)
    {
        var body = new byte[ids.Count * ObjectId.Size];
        for (int i = 0; i < ids.Count; i++)
            ids[i].Write(body.AsSpan(i * ObjectId.Size));
        return body;
    }

    public static List<ObjectId> DecodeIds(ReadOnlySpan<byte> body)
    {
        if (body.Length % ObjectId.Size != 0)
            throw new TransferException($"A list of ids must be a multiple of {ObjectId.Size} bytes long; got {body.Length}.");
        var ids = new List<ObjectId>(body.Length / ObjectId.Size);
        for (int off = 0; off < body.Length; off += ObjectId.Size)
            ids.Add(ObjectId.Read(body[off..]));
        return ids;
    }

    public static void WriteRefs(Utf8JsonWriter w, string? head, IReadOnlyDictionary<string, ObjectId> branches)
    {
        w.WriteStartObject();
        w.WriteString("head", head);
        w.WriteStartObject("branches");
        foreach (var (name, tip) in branches)
            w.WriteString(name, tip.ToString());
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static (string? Head, Dictionary<string, ObjectId> Branches) ReadRefs(JsonElement root)
    {
        var branches = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        foreach (var p in root.GetProperty("branches").EnumerateObject())
            branches[p.Name] = ObjectId.Parse(p.Value.GetString()!);
        return (root.GetProperty("head").GetString(), branches);
    }

    public static void WriteError(Utf8JsonWriter w, ErrorCode code, string message)
    {
        w.WriteStartObject();
        w.WriteString("code", code.Name());
        w.WriteString("message", message);
        w.WriteEndObject();
    }
}
