namespace Tessera;

/// <summary>The kinds of content-addressed objects a transfer moves. The numbers are on the wire.</summary>
public enum ObjectKind : byte
{
    /// <summary>A commit record (<c>C</c> + JSON); its id is the SHA-256 of its bytes.</summary>
    Commit = 1,

    /// <summary>A page (tree, inner, leaf or delta); its id is the SHA-256 of its bytes.</summary>
    Page = 2,

    /// <summary>A sample as stored: header then element bytes under a codec; its id is the SHA-256 of the decoded canonical encoding.</summary>
    Blob = 3,

    /// <summary>A git link record (<c>G</c> + JSON, see <c>GitLinkRecord</c>/>); its id is the SHA-256 of its bytes.</summary>
    Link = 4,
}

/// <summary>The names of object kinds (in URLs, messages and JSON) and the kinds this version knows.</summary>
public static class ObjectKinds
{
    /// <summary>The kind's name: commit, page, blob or link.</summary>
    public static string Name(this ObjectKind kind) => kind switch
    {
        ObjectKind.Commit => "commit",
        ObjectKind.Page => "page",
        ObjectKind.Link => "link",
        _ => "blob",
    };

    /// <summary>True for the kinds of this protocol version (a frame or index entry of another kind is malformed).</summary>
    public static bool IsKnown(ObjectKind kind) => kind is ObjectKind.Commit or ObjectKind.Page or ObjectKind.Blob or ObjectKind.Link;

    /// <summary>The kind a name (<see cref="Name"/>) stands for; false for any other text.</summary>
    public static bool TryParse(string? text, out ObjectKind kind)
    {
        kind = text switch
        {
            "commit" => ObjectKind.Commit,
            "page" => ObjectKind.Page,
            "blob" => ObjectKind.Blob,
            "link" => ObjectKind.Link,
            _ => 0,
        };
        return kind != 0;
    }
}
