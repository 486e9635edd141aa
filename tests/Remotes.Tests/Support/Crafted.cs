using System.Text;

namespace Tessera.Remotes.Tests.Support;

/// <summary>Objects made by hand, as an attacker would: their ids are the right hashes, their contents are not what Tessera writes.</summary>
public static class Crafted
{
    /// <summary>A commit record of this JSON (after the <c>C</c>).</summary>
    internal static TransferObject Commit(string json) => Hashed(ObjectKind.Commit, [(byte)'C', .. Encoding.UTF8.GetBytes(json)]);

    /// <summary>
    /// The canonical JSON of a commit (as Tessera's writer escapes it: '+' as \u002B), with any field
    /// replaced by raw JSON (<c>null</c>, or more fields).
    /// </summary>
    public static string CommitJson(ObjectId tree, IEnumerable<ObjectId> parents, string author = "\"mallory\"", string message = "\"crafted\"", string more = "") =>
        $"{{\"tree\":\"{tree}\",\"parents\":[{string.Join(',', parents.Select(p => $"\"{p}\""))}],\"author\":{author},\"email\":\"m@example.com\",\"time\":\"2026-01-01T00:00:00.000\\u002B00:00\",\"message\":{message}{more}}}";

    internal static TransferObject Page(byte[] bytes) => Hashed(ObjectKind.Page, bytes);

    /// <summary>A tree page: <c>T</c> then this JSON.</summary>
    internal static TransferObject Tree(string json) => Page([(byte)'T', .. Encoding.UTF8.GetBytes(json)]);

    internal static TransferObject Hashed(ObjectKind kind, byte[] bytes) => new(kind, ObjectId.Hash(bytes), Codec.None, bytes);

    /// <summary>
    /// <paramref name="repo"/>'s tree at <paramref name="head"/> with its first manifest base replaced
    /// by <paramref name="root"/>: canonical and well formed, so only what it names is wrong.
    /// </summary>
    internal static TransferObject TreeWithBase(Repository repo, Commit head, ObjectId root)
    {
        var json = Encoding.UTF8.GetString(repo.Pages.Raw(head.Tree).AsSpan(1));
        return Tree(json.Replace(FirstBase(repo, head).ToString(), root.ToString(), StringComparison.Ordinal));
    }

    /// <summary>A leaf page of <paramref name="repo"/> at <paramref name="head"/> (a page of the wrong kind to be a manifest's base).</summary>
    internal static ObjectId FirstLeaf(Repository repo, Commit head) => repo.Manifests.LeafIds(FirstBase(repo, head))[0];

    /// <summary>A 64-hex id no repository holds.</summary>
    public static ObjectId Absent() => ObjectId.Hash(Guid.NewGuid().ToByteArray());

    private static ObjectId FirstBase(Repository repo, Commit head) =>
        repo.LoadTree(head.Tree).Nodes.First(n => n.Manifest.Base is not null).Manifest.Base!.Value;

    /// <summary>Objects as a request body of frames, with the end marker unless <paramref name="end"/> is false.</summary>
    internal static byte[] Frames(IEnumerable<TransferObject> objects, bool end = true)
    {
        var ms = new MemoryStream();
        foreach (var obj in objects)
            ObjectFrames.Write(ms, obj);
        if (end)
            ObjectFrames.WriteEnd(ms);
        return ms.ToArray();
    }
}
