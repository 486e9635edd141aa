namespace Tessera.Manifests;

/// <summary>
/// Builds a manifest base tree bottom-up from entries added in key order: leaves are cut as
/// entries arrive (so memory holds one leaf, not the manifest), inner levels at the end.
/// </summary>
internal sealed class TreeBuilder(PageBatch batch)
{
    private readonly List<ChildRef> children = [];
    private readonly EntryList leaf = new(Boundary.MaxLeafEntries, Boundary.MaxLeafEntries * 16);
    private byte[]? lastFlushedKey;

    public long Count { get; private set; }

    /// <summary>Returns the root page id, or null for no entries.</summary>
    public static ObjectId? Build(IEnumerable<KeyValuePair<byte[], ObjectId>> sorted, PageBatch batch, out long count)
    {
        var builder = new TreeBuilder(batch);
        foreach (var (key, value) in sorted)
            builder.Add(key, value);
        count = builder.Count;
        return builder.Finish();
    }

    public void Add(ReadOnlySpan<byte> key, ObjectId value)
    {
        var previous = this.leaf.Count > 0 ? this.leaf.LastKey : this.lastFlushedKey;
        if ((this.Count > 0) && previous.SequenceCompareTo(key) >= 0)
            throw new InvalidOperationException("Manifest entries must be strictly increasing.");
        this.leaf.Add(key, value);
        this.Count++;
        if (this.leaf.Count == Boundary.MaxLeafEntries || Boundary.EndsLeaf(key))
            this.FlushLeaf();
    }

    /// <summary>
    /// Adds a batch of increasing keys, as <see cref="Add"/> does key by key: each stretch up to the
    /// next boundary is copied into the leaf at once; the boundaries and the order are the batch's
    /// (found once for it, whichever columns build from it) and its first key against the last
    /// added, not a hash and a comparison per key.
    /// </summary>
    public void AddRange(KeyBatch keys, ReadOnlySpan<ObjectId> ids) => this.AddRange(keys, ids, 0, keys.Count);

    /// <summary>
    /// Entries <paramref name="from"/> to <paramref name="to"/> (exclusive) of a batch, after those
    /// before them, which were added first (the order of the whole batch is checked with its first
    /// entries): the same leaves as the batch at once, and a caller can hand on the pages of a long
    /// batch as they are cut.
    /// </summary>
    public void AddRange(KeyBatch keys, ReadOnlySpan<ObjectId> ids, int from, int to)
    {
        if (from >= to)
            return;
        var previous = this.leaf.Count > 0 ? this.leaf.LastKey : this.lastFlushedKey;
        if (from == 0 && !keys.Increasing(this.Count > 0 ? previous : []))
            throw new InvalidOperationException("Manifest entries must be strictly increasing.");
        var ends = keys.LeafEnds;
        int next = Array.BinarySearch(ends, from);
        if (next < 0)
            next = ~next;
        for (int start = from; start < to;)
        {
            int limit = Math.Min(to, start + Boundary.MaxLeafEntries - this.leaf.Count);
            while (next < ends.Length && ends[next] < start)
                next++;
            int end = next < ends.Length ? Math.Min(ends[next], limit) : limit;
            // The key that ends the leaf is its last.
            int take = Math.Min(end + 1, limit) - start;
            this.leaf.AddRange(keys, start, take, ids.Slice(start, take));
            this.Count += take;
            start += take;
            if (this.leaf.Count == Boundary.MaxLeafEntries || end < limit)
                this.FlushLeaf();
        }
    }

    /// <summary>Writes the last leaf and the inner levels; returns the root page id, or null for no entries.</summary>
    public ObjectId? Finish()
    {
        this.FlushLeaf();
        var level = this.children;
        if (level.Count == 0)
            return null;
        for (byte depth = 1; level.Count > 1 || depth == 1; depth++)
        {
            var parents = new List<ChildRef>();
            int start = 0;
            for (int i = 0; i < level.Count; i++)
            {
                bool last = i == level.Count - 1;
                if (last || i - start + 1 == Boundary.MaxChildren || Boundary.EndsInner(level[i].FirstKey, depth))
                {
                    int n = i - start + 1;
                    var id = batch.Add(InternalPage.Encode(depth, level, start, n));
                    long sum = 0;
                    for (int k = start; k <= i; k++)
                        sum += level[k].Count;
                    parents.Add(new ChildRef(level[start].FirstKey, id, sum));
                    start = i + 1;
                }
            }
            level = parents;
        }
        return level[0].Id;
    }

    private void FlushLeaf()
    {
        if (this.leaf.Count == 0)
            return;
        var id = batch.Add(EntryPage.Encoded(EntryPage.LeafType, this.leaf, 0, this.leaf.Count));
        this.children.Add(new ChildRef(this.leaf.KeyArray(0), id, this.leaf.Count));
        this.lastFlushedKey = this.leaf.KeyArray(this.leaf.Count - 1);
        this.leaf.Clear();
    }
}
