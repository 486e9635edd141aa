using Tessera.Git;
using Tessera.Manifests;
using Tessera.Storage;

namespace Tessera.Objects;

/// <summary>
/// The structure a received commit, page or link must have before anything stores it (what git's
/// receive checks with fsck): commits, trees and links in their canonical encoding with every field
/// valid; inner and entry pages well formed, keys strictly increasing, inline samples with valid
/// headers. Returns what the object names; anything else is <see cref="CorruptObjectException"/>.
/// </summary>
internal static class ObjectStructure
{
    public static ObjectReferences Check(ObjectKind kind, ObjectId id, ReadOnlyMemory<byte> data) => kind switch
    {
        ObjectKind.Commit => Commit(id, data.ToArray()),
        ObjectKind.Link => new([], [], [GitLinkRecord.Decode(data.Span).Commit]),
        _ => Page(data),
    };

    private static ObjectReferences Commit(ObjectId id, byte[] data)
    {
        var commit = Tessera.Commit.Decode(id, data);
        if (!commit.IsCanonical(data))
            throw new CorruptObjectException("it is not a canonical commit record (fields in order, none other, none null)");
        if (commit.Parents.Distinct().Count() != commit.Parents.Count)
            throw new CorruptObjectException("it names a parent twice");
        return new([new PageReference(commit.Tree, PageShape.Tree)], [], commit.Parents);
    }

    private static ObjectReferences Page(ReadOnlyMemory<byte> data) => data.Span[0] switch
    {
        NodeTree.Type => Tree(data.ToArray()),
        InternalPage.Type => Inner(data.Span),
        EntryPage.LeafType or EntryPage.DeltaType => Entries(data.Span),
        var type => throw new CorruptObjectException($"a page of unknown type {type}"),
    };

    private static ObjectReferences Tree(byte[] data)
    {
        var tree = NodeTree.Decode(data);
        if (!tree.Encode().AsSpan().SequenceEqual(data))
            throw new CorruptObjectException("it is not a canonical tree page (nodes sorted by path and each once, properties in order, none other)");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var pages = new List<PageReference>();
        foreach (var node in tree.Nodes)
        {
            CheckNode(node, ids);
            if (node.Manifest.Base is { } root)
                pages.Add(new PageReference(root, PageShape.BaseRoot));
            pages.AddRange(node.Manifest.Deltas.Select(d => new PageReference(d, PageShape.Delta)));
        }
        return new(pages, [], []);
    }

    private static void CheckNode(NodeRecord node, HashSet<string> ids)
    {
        string? problem = null;
        if (!IsNormalPath(node.Path))
            problem = "its path is not a valid node path";
        else if (node.Id.Length != 16 || !node.Id.All(char.IsAsciiHexDigitLower) || !ids.Add(node.Id))
            problem = "its id is not 16 lowercase hex digits, or another node has it";
        else if (node.Kind switch { NodeKind.Column => node.Schema is null || node.Array is not null, NodeKind.Array => node.Array is null || node.Schema is not null, _ => node.Schema is not null || node.Array is not null })
            problem = $"a {node.Kind.Name()} needs its own schema and no other";
        else if (!IsCanonicalObject(node.Attributes))
            problem = "its attributes are not a canonical JSON object";
        else if (node.Manifest.Count < 0 || node.Manifest.DeltaEntries < 0)
            problem = "its manifest has a negative count";
        if (problem is not null)
            throw new CorruptObjectException($"node '{node.Path}' is malformed: {problem}");
    }

    private static bool IsNormalPath(string path)
    {
        try
        {
            return Names.NormalizePath(path) == path;
        }
        catch (InvalidInputException)
        {
            return false;
        }
    }

    private static bool IsCanonicalObject(string json)
    {
        try
        {
            return CanonicalJson.Serialize(CanonicalJson.ParseObject(json)) == json;
        }
        catch (InvalidInputException)
        {
            return false;
        }
    }

    private static ObjectReferences Inner(ReadOnlySpan<byte> data)
    {
        var page = InternalPage.Decode(data);
        for (int i = 0; i < page.Children.Length; i++)
        {
            if (page.Counts[i] < 1)
                throw new CorruptObjectException($"child {i} of an inner page holds no entries");
            if (i > 0 && page.FirstKeys[i - 1].AsSpan().SequenceCompareTo(page.FirstKeys[i]) >= 0)
                throw new CorruptObjectException("the first keys of an inner page are not strictly increasing");
        }
        var shape = page.Level == 1 ? PageShape.Leaf : PageShape.Inner((byte)(page.Level - 1));
        return new(page.Children.Select(c => new PageReference(c, shape)).ToList(), [], []);
    }

    private static ObjectReferences Entries(ReadOnlySpan<byte> data)
    {
        var page = EntryPage.Decode(data);
        bool leaf = page.Type == EntryPage.LeafType;
        if (leaf && page.Count == 0)
            throw new CorruptObjectException("a leaf page holds no entries");
        var blobs = new List<ObjectId>();
        for (int i = 0; i < page.Count; i++)
        {
            if (i > 0 && page.Key(i - 1).SequenceCompareTo(page.Key(i)) >= 0)
                throw new CorruptObjectException("the keys of a manifest page are not strictly increasing");
            var id = page.Value(i);
            if (id.IsZero)
            {
                if (leaf)
                    throw new CorruptObjectException("a leaf page names the zero id, which only deltas use (to remove a key)");
            }
            else if (id.IsInlineSample)
            {
                CheckInline(id);
            }
            else
            {
                blobs.Add(SampleRun.StoredObject(id)!.Value);
            }
        }
        return new([], blobs, []);
    }

    private static void CheckInline(ObjectId id)
    {
        var encoding = SampleHasher.InlineEncoding(id);
        var header = BlobFormat.ReadHeader(encoding);
        if (header.TextRun || encoding.Length != header.HeaderSize + header.DataLength)
            throw new CorruptObjectException($"the inline sample {id.ToShortString()} is not a sample as long as its header says");
    }
}
