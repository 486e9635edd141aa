namespace Tessera.Manifests;

/// <summary>Builds a manifest base tree bottom-up from entries in key order.</summary>
internal static class TreeBuilder
{
    /// <summary>Returns the root page id, or null for no entries.</summary>
    public static ObjectId? Build(IEnumerable<KeyValuePair<byte[], ObjectId>> sorted, PageBatch batch, out long count)
    {
        var children = new List<ChildRef>();
        var run = new List<KeyValuePair<byte[], ObjectId>>(Boundary.MaxLeafEntries);
        count = 0;
        byte[]? previous = null;
        foreach (var entry in sorted)
        {
            if (previous is not null && KeyComparer.Instance.Compare(previous, entry.Key) >= 0)
                throw new InvalidOperationException("Manifest entries must be strictly increasing.");
            previous = entry.Key;
            run.Add(entry);
            count++;
            if (run.Count == Boundary.MaxLeafEntries || Boundary.EndsLeaf(entry.Key))
                FlushLeaf(run, children, batch);
        }
        FlushLeaf(run, children, batch);
        if (children.Count == 0)
            return null;

        byte level = 1;
        while (children.Count > 1 || level == 1)
        {
            var parents = new List<ChildRef>();
            int start = 0;
            for (int i = 0; i < children.Count; i++)
            {
                bool last = i == children.Count - 1;
                if (last || i - start + 1 == Boundary.MaxChildren || Boundary.EndsInner(children[i].FirstKey, level))
                {
                    int n = i - start + 1;
                    var id = batch.Add(InternalPage.Encode(level, children, start, n));
                    long sum = 0;
                    for (int k = start; k <= i; k++)
                        sum += children[k].Count;
                    parents.Add(new ChildRef(children[start].FirstKey, id, sum));
                    start = i + 1;
                }
            }
            children = parents;
            level++;
        }
        return children[0].Id;
    }

    private static void FlushLeaf(List<KeyValuePair<byte[], ObjectId>> run, List<ChildRef> children, PageBatch batch)
    {
        if (run.Count == 0)
            return;
        var id = batch.Add(EntryPage.Encode(EntryPage.LeafType, run, 0, run.Count));
        children.Add(new ChildRef(run[0].Key, id, run.Count));
        run.Clear();
    }
}
