using Tessera.Manifests;

namespace Tessera.Staging;

/// <summary>
/// A staging-log record whose changes are the entries of a manifest tree the operation that wrote
/// it built and stored (format section 7): <c>0x01</c>, the tree's root page id, its entry count.
/// An import's new column is built while it stages (<see cref="ManifestsInAdvance"/>), so its
/// entries need not also be written, a key and id each, into the log: half of what an import wrote
/// (design note 017, "Later: a tree instead of its entries").
/// </summary>
internal static class TreeRecord
{
    /// <summary>
    /// The first byte of a tree record. A record of entries starts with its first key's shared
    /// prefix length, which is always 0 (nothing precedes it in the record).
    /// </summary>
    private const byte Marker = 1;

    public static byte[] Encode(ObjectId root, long count)
    {
        var body = new ByteWriter(1 + ObjectId.Size + 10);
        body.WriteByte(Marker);
        body.Write(root);
        body.WriteVarInt((ulong)count);
        return body.ToArray();
    }

    /// <summary>The tree a record names, or null when the record holds entries.</summary>
    public static (ObjectId Root, long Count)? Read(ReadOnlySpan<byte> changes)
    {
        if (changes.IsEmpty || changes[0] != Marker)
            return null;
        if (changes.Length < 1 + ObjectId.Size + 1)
            throw StagingLog.Damaged();
        var root = ObjectId.Read(changes.Slice(1, ObjectId.Size));
        int pos = 1 + ObjectId.Size;
        long count;
        try
        {
            count = (long)VarInt.Read(changes, ref pos);
        }
        catch (CorruptObjectException)
        {
            throw StagingLog.Damaged();
        }
        if (pos != changes.Length || count <= 0)
            throw StagingLog.Damaged();
        return (root, count);
    }

    /// <summary>Most entries reserved ahead from a record's count; beyond, the list grows as read.</summary>
    private const long MaxReserved = 1 << 22;

    /// <summary>Appends the entries of the tree a record names, checked against its count.</summary>
    public static void AppendEntries(ManifestStore manifests, ObjectId root, long count, EntryList result)
    {
        long added = 0;
        // Reserved from the count rather than grown by doubling (an import's millions of entries),
        // bounded so that a count that lies costs no more than it.
        result.Reserve((int)Math.Min(count, MaxReserved));
        ReadingPages(root, () =>
        {
            foreach (var leaf in manifests.Pages.EntriesInOrder(manifests.LeafIds(root)))
            {
                for (int i = 0; i < leaf.Count; i++)
                    result.Add(leaf.Key(i), leaf.Value(i));
                added += leaf.Count;
            }
        });
        if (added != count)
            throw StagingLog.Damaged();
    }

    /// <summary>Reads pages of the tree a record names (<see cref="StagedPages"/>).</summary>
    public static void ReadingPages(ObjectId root, Action read) =>
        StagedPages.Read($"The staging log names tree {root.ToShortString()} for staged changes", read);
}
