using Tessera.Storage;

namespace Tessera.Manifests;

/// <summary>Reads and updates manifests (<see cref="ManifestRef"/>) over the page store.</summary>
internal sealed class ManifestStore(PageStore pages)
{
    /// <summary>Fold the deltas into a new base past this many delta entries (or this share of the base).</summary>
    private const int MinCompactEntries = 4096;
    private const int CompactDivisor = 8;
    private const int MaxDeltas = 16;

    public PageStore Pages => pages;

    /// <summary>The id stored under a key, or null when the key is absent.</summary>
    public ObjectId? Lookup(ManifestRef manifest, ReadOnlySpan<byte> key)
    {
        for (int d = manifest.Deltas.Count - 1; d >= 0; d--)
        {
            var delta = pages.Entries(manifest.Deltas[d]);
            int i = delta.Find(key);
            if (i >= 0)
                return delta.Value(i).IsZero ? null : delta.Value(i);
        }
        return manifest.Base is { } root ? this.LookupBase(root, key) : null;
    }

    public ObjectId? LookupBase(ObjectId root, ReadOnlySpan<byte> key)
    {
        var leaf = pages.Entries(this.LeafFor(root, key, out _));
        int i = leaf.Find(key);
        return i >= 0 ? leaf.Value(i) : null;
    }

    /// <summary>
    /// What <see cref="Lookup"/> gives for each of <paramref name="keys"/>, which are sorted: the
    /// leaves they fall in are read once each, in one scan that decodes them on every core, and kept
    /// in the page cache as single lookups keep them. A commit asks this for all its staged keys;
    /// one by one, each leaf not yet cached was read and decoded on one thread (a thousand changes
    /// among 1,000,000 rows touch a thousand leaves).
    /// </summary>
    public ObjectId?[] LookupSorted(ManifestRef manifest, IKeyedEntries keys)
    {
        var result = new ObjectId?[keys.Count];
        var settled = new bool[keys.Count];
        for (int d = manifest.Deltas.Count - 1; d >= 0; d--)
        {
            var delta = pages.Entries(manifest.Deltas[d]);
            for (int i = 0; i < keys.Count; i++)
            {
                int at = settled[i] ? -1 : delta.Find(keys.Key(i));
                if (at >= 0)
                    (settled[i], result[i]) = (true, delta.Value(at).IsZero ? null : delta.Value(at));
            }
        }
        if (manifest.Base is not { } root)
            return result;
        var leaves = new List<ObjectId>();
        var leafOf = new int[keys.Count];
        // The keys are sorted: the tree is walked again only for a key past the last leaf's range
        // (a re-import of a table looks up every row, a few hundred per leaf).
        byte[]? end = null;
        for (int i = 0; i < keys.Count; i++)
        {
            if (settled[i])
                continue;
            var key = keys.Key(i);
            if (leaves.Count == 0 || (end is not null && key.SequenceCompareTo(end) >= 0))
                leaves.Add(this.LeafFor(root, key, out end));
            leafOf[i] = leaves.Count - 1;
        }
        int next = 0, index = 0;
        foreach (var page in pages.EntriesInOrder(leaves, keep: true))
        {
            // Both sorted: each key is searched for after the one before, galloping from there, so
            // a leaf's consecutive keys (a table imported again) cost a comparison each and a few
            // keys spread over a leaf (a commit's changes) a binary search each.
            int at = 0;
            for (; next < keys.Count && (settled[next] || leafOf[next] == index); next++)
            {
                if (settled[next])
                    continue;
                var key = keys.Key(next);
                at = LowerBound(page, key, at);
                if (at < page.Count && page.Key(at).SequenceEqual(key))
                    result[next] = page.Value(at);
            }
            index++;
        }
        return result;
    }

    /// <summary>The first entry of <paramref name="page"/> from <paramref name="from"/> on whose key is not below <paramref name="key"/> (the count if none).</summary>
    private static int LowerBound(EntryPage page, ReadOnlySpan<byte> key, int from)
    {
        int low = from, high = from, step = 1;
        while (high < page.Count && page.Key(high).SequenceCompareTo(key) < 0)
        {
            low = high + 1;
            high += step;
            step <<= 1;
        }
        high = Math.Min(high, page.Count);
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (page.Key(mid).SequenceCompareTo(key) < 0)
                low = mid + 1;
            else
                high = mid;
        }
        return low;
    }

    /// <summary>How many keys <paramref name="manifest"/> holds once the sorted <paramref name="changes"/> (zero id = removed) are applied.</summary>
    public long CountWith(ManifestRef manifest, EntryList changes)
    {
        if (changes.Count == 0)
            return manifest.Count;
        var before = this.LookupSorted(manifest, changes);
        long count = manifest.Count;
        for (int i = 0; i < changes.Count; i++)
            count += (changes.Value(i).IsZero ? 0 : 1) - (before[i] is null ? 0 : 1);
        return count;
    }

    /// <summary>The leaf whose range holds <paramref name="key"/>, and the first key after that range (null: none).</summary>
    private ObjectId LeafFor(ObjectId root, ReadOnlySpan<byte> key, out byte[]? end)
    {
        end = null;
        var node = pages.Internal(root);
        while (true)
        {
            int child = node.ChildFor(key);
            if (child + 1 < node.Children.Length)
                end = node.FirstKeys[child + 1];
            if (node.Level == 1)
                return node.Children[child];
            node = pages.Internal(node.Children[child]);
        }
    }

    /// <summary>All entries in key order.</summary>
    public IEnumerable<KeyValuePair<byte[], ObjectId>> Enumerate(ManifestRef manifest)
    {
        if (manifest.Deltas.Count == 0)
            return manifest.Base is { } root ? this.EnumerateBase(root) : [];
        var overlay = this.FoldDeltas(manifest.Deltas);
        return MergeOverlay(manifest.Base is { } b ? this.EnumerateBase(b) : [], overlay);
    }

    public IEnumerable<KeyValuePair<byte[], ObjectId>> EnumerateBase(ObjectId root)
    {
        foreach (var leaf in pages.EntriesInOrder(this.LeafIds(root)))
        {
            for (int i = 0; i < leaf.Count; i++)
                yield return new(leaf.KeyArray(i), leaf.Value(i));
        }
    }

    /// <summary>All entries in key order with their keys decoded from the pages, without a copy of each key's bytes.</summary>
    public IEnumerable<(SampleKey Key, SampleKey? Subkey, ObjectId Id)> EnumerateDecoded(ManifestRef manifest)
    {
        if (manifest.Deltas.Count > 0 || manifest.Base is not { } root)
            return Decoded(this.Enumerate(manifest));
        return this.DecodedLeaves(root);
    }

    /// <summary>Entries with their keys decoded.</summary>
    public static IEnumerable<(SampleKey Key, SampleKey? Subkey, ObjectId Id)> Decoded(IEnumerable<KeyValuePair<byte[], ObjectId>> entries)
    {
        foreach (var entry in entries)
        {
            var (key, subkey) = Keys.Decode(entry.Key);
            yield return (key, subkey, entry.Value);
        }
    }

    /// <summary>Entries a batch takes where they are gathered as enumerated (a manifest with deltas): a few leaves' worth.</summary>
    public const int BatchEntries = 4096;

    /// <summary>
    /// The entries of a flat column's manifest in batches of whole leaves (those a scan reads in one
    /// query, see <see cref="PageStore.CheckedInOrder"/>), decoded straight from the pages on every
    /// core into one pair of arrays reused; null for a manifest with deltas (or none), whose entries
    /// are gathered as they are enumerated.
    /// </summary>
    public IEnumerable<EntryBatch>? DecodedBatches(ManifestRef manifest) =>
        manifest.Deltas.Count > 0 || manifest.Base is not { } root ? null : this.LeafBatches(root);

    private IEnumerable<EntryBatch> LeafBatches(ObjectId root)
    {
        SampleKey[] keys = [];
        ObjectId[] ids = [];
        foreach (var leaves in pages.CheckedInOrder(this.LeafIds(root)))
        {
            var starts = new int[leaves.Length + 1];
            for (int i = 0; i < leaves.Length; i++)
                starts[i + 1] = starts[i] + (leaves[i].Decoded?.Count ?? EntryPage.CountOf(leaves[i].Bytes));
            int count = starts[^1];
            if (keys.Length < count)
            {
                keys = new SampleKey[count];
                ids = new ObjectId[count];
            }
            Parallelism.For(leaves.Length, i =>
            {
                var (from, length) = (starts[i], starts[i + 1] - starts[i]);
                if (leaves[i].Decoded is { } page)
                    page.CopyFlat(keys.AsSpan(from, length), ids.AsSpan(from, length));
                else
                    EntryPage.DecodeFlat(leaves[i].Bytes, keys.AsSpan(from, length), ids.AsSpan(from, length));
            });
            if (count > 0)
                yield return new EntryBatch(keys, ids, count);
        }
    }

    private IEnumerable<(SampleKey Key, SampleKey? Subkey, ObjectId Id)> DecodedLeaves(ObjectId root)
    {
        foreach (var leaf in pages.EntriesInOrder(this.LeafIds(root)))
        {
            for (int i = 0; i < leaf.Count; i++)
            {
                var (key, subkey) = Keys.Decode(leaf.Key(i));
                yield return (key, subkey, leaf.Value(i));
            }
        }
    }

    /// <summary>
    /// The first and last keys, or null when there are none: read down the tree's edges (a few pages)
    /// when the manifest has no deltas, otherwise found by a scan.
    /// </summary>
    public (byte[] First, byte[] Last)? Ends(ManifestRef manifest)
    {
        if (manifest.Deltas.Count > 0 || manifest.Base is not { } root)
            return ScanEnds(this.Enumerate(manifest));
        var first = pages.Internal(root);
        var last = first;
        while (first.Level > 1)
            first = pages.Internal(first.Children[0]);
        while (last.Level > 1)
            last = pages.Internal(last.Children[^1]);
        var firstLeaf = pages.Entries(first.Children[0]);
        var lastLeaf = pages.Entries(last.Children[^1]);
        return firstLeaf.Count == 0 || lastLeaf.Count == 0 ? ScanEnds(this.Enumerate(manifest)) : (firstLeaf.KeyArray(0), lastLeaf.KeyArray(lastLeaf.Count - 1));
    }

    /// <summary>The first and last keys of entries in key order, or null when there are none.</summary>
    public static (byte[] First, byte[] Last)? ScanEnds(IEnumerable<KeyValuePair<byte[], ObjectId>> entries)
    {
        byte[]? first = null, last = null;
        foreach (var entry in entries)
        {
            first ??= entry.Key;
            last = entry.Key;
        }
        return first is null ? null : (first, last!);
    }

    /// <summary>The leaf page ids of a base tree, in key order.</summary>
    public List<ObjectId> LeafIds(ObjectId root)
    {
        var result = new List<ObjectId>();
        this.CollectLeaves(root, result);
        return result;
    }

    /// <summary>Every page id reachable from a manifest (for gc and verify).</summary>
    public IEnumerable<ObjectId> AllPages(ManifestRef manifest)
    {
        foreach (var delta in manifest.Deltas)
            yield return delta;
        if (manifest.Base is not { } root)
            yield break;
        var stack = new Stack<ObjectId>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            yield return id;
            var node = pages.Internal(id);
            if (node.Level == 1)
            {
                foreach (var leaf in node.Children)
                    yield return leaf;
            }
            else
            {
                foreach (var child in node.Children)
                    stack.Push(child);
            }
        }
    }

    /// <summary>The latest value of every key the deltas touch (zero id = removed), sorted.</summary>
    public EntryList FoldDeltas(IEnumerable<ObjectId> deltas)
    {
        var map = new Dictionary<byte[], ObjectId>(KeyComparer.Instance);
        foreach (var id in deltas)
        {
            var delta = pages.Entries(id);
            for (int i = 0; i < delta.Count; i++)
                map[delta.KeyArray(i)] = delta.Value(i);
        }
        var list = map.ToList();
        list.Sort((x, y) => KeyComparer.Instance.Compare(x.Key, y.Key));
        return EntryList.From(list);
    }

    /// <summary>
    /// Applies sorted, effective changes (zero id = remove) to a manifest, as one new delta or by
    /// folding everything into a new base. New pages go into <paramref name="batch"/>.
    /// </summary>
    /// <param name="fold">Always fold: no page of the result names a removed entry's id (a purge needs that; a delta would only hide it).</param>
    public ManifestRef Apply(ManifestRef manifest, EntryList changes, long newCount, PageBatch batch, bool fold = false)
    {
        if (changes.Count == 0)
            return manifest;
        long deltaEntries = manifest.DeltaEntries + changes.Count;
        fold = fold || manifest.Base is null && manifest.Deltas.Count == 0
            || deltaEntries > Math.Max(MinCompactEntries, newCount / CompactDivisor)
            || manifest.Deltas.Count + 1 > MaxDeltas;
        if (!fold)
        {
            var id = batch.Add(EntryPage.Encode(EntryPage.DeltaType, changes, 0, changes.Count));
            return new ManifestRef(manifest.Base, [.. manifest.Deltas, id], newCount, deltaEntries);
        }
        var overlay = manifest.Deltas.Count == 0 ? changes : Overlay(this.FoldDeltas(manifest.Deltas), changes);
        var builder = new TreeBuilder(batch);
        int o = 0;
        if (manifest.Base is { } root)
        {
            foreach (var leaf in pages.EntriesInOrder(this.LeafIds(root)))
            {
                for (int i = 0; i < leaf.Count; i++)
                {
                    var key = leaf.Key(i);
                    int c = -1;
                    while (o < overlay.Count && (c = overlay.Key(o).SequenceCompareTo(key)) < 0)
                        AddPresent(builder, overlay, o++);
                    if (o < overlay.Count && c == 0)
                        AddPresent(builder, overlay, o++);
                    else
                        builder.Add(key, leaf.Value(i));
                }
            }
        }
        while (o < overlay.Count)
            AddPresent(builder, overlay, o++);
        var newRoot = builder.Finish();
        if (builder.Count != newCount)
            throw new InvalidOperationException($"Manifest count drifted: built {builder.Count}, expected {newCount}.");
        return newRoot is null ? ManifestRef.Empty : new ManifestRef(newRoot, [], builder.Count, 0);
    }

    /// <summary>Entries of <paramref name="baseEntries"/> overridden by a sorted overlay (zero id = removed).</summary>
    public static IEnumerable<KeyValuePair<byte[], ObjectId>> MergeOverlay(IEnumerable<KeyValuePair<byte[], ObjectId>> baseEntries, EntryList overlay)
    {
        int o = 0, count = overlay.Count;
        foreach (var entry in baseEntries)
        {
            int c = -1;
            while (o < count && (c = overlay.Key(o).SequenceCompareTo(entry.Key)) < 0)
            {
                if (!overlay.Value(o).IsZero)
                    yield return overlay.Entry(o);
                o++;
            }
            if (o < count && c == 0)
            {
                if (!overlay.Value(o).IsZero)
                    yield return overlay.Entry(o);
                o++;
            }
            else
            {
                yield return entry;
            }
        }
        for (; o < count; o++)
        {
            if (!overlay.Value(o).IsZero)
                yield return overlay.Entry(o);
        }
    }

    private static void AddPresent(TreeBuilder builder, EntryList entries, int i)
    {
        if (!entries.Value(i).IsZero)
            builder.Add(entries.Key(i), entries.Value(i));
    }

    /// <summary>Two sorted change lists as one, the later one's value winning for a key in both.</summary>
    private static EntryList Overlay(EntryList earlier, EntryList later)
    {
        var result = new EntryList(earlier.Count + later.Count);
        int a = 0, b = 0;
        while (a < earlier.Count || b < later.Count)
        {
            int c = a == earlier.Count ? 1 : b == later.Count ? -1 : earlier.Key(a).SequenceCompareTo(later.Key(b));
            if (c < 0)
            {
                result.Add(earlier.Key(a), earlier.Value(a));
                a++;
            }
            else
            {
                result.Add(later.Key(b), later.Value(b));
                a += c == 0 ? 1 : 0;
                b++;
            }
        }
        return result;
    }

    /// <summary>
    /// Keys whose values may differ between two manifests, found without reading what they share:
    /// common deltas are skipped, and of the bases only leaves that are not in both are read.
    /// </summary>
    public HashSet<byte[]> CandidateChanges(ManifestRef a, ManifestRef b)
    {
        var keys = new HashSet<byte[]>(KeyComparer.Instance);
        int shared = 0;
        if (a.Base == b.Base)
        {
            while (shared < a.Deltas.Count && shared < b.Deltas.Count && a.Deltas[shared] == b.Deltas[shared])
                shared++;
        }
        else
        {
            var leavesA = a.Base is { } ra ? this.LeafIds(ra) : [];
            var leavesB = b.Base is { } rb ? this.LeafIds(rb) : [];
            var inA = leavesA.ToHashSet();
            var inB = leavesB.ToHashSet();
            foreach (var leaf in leavesA.Where(l => !inB.Contains(l)).Concat(leavesB.Where(l => !inA.Contains(l))))
            {
                var page = pages.Entries(leaf);
                for (int i = 0; i < page.Count; i++)
                    keys.Add(page.KeyArray(i));
            }
        }
        foreach (var delta in a.Deltas.Skip(shared).Concat(b.Deltas.Skip(shared)))
        {
            var page = pages.Entries(delta);
            for (int i = 0; i < page.Count; i++)
                keys.Add(page.KeyArray(i));
        }
        return keys;
    }

    private void CollectLeaves(ObjectId id, List<ObjectId> result)
    {
        var node = pages.Internal(id);
        if (node.Level == 1)
        {
            result.AddRange(node.Children);
            return;
        }
        foreach (var child in node.Children)
            this.CollectLeaves(child, result);
    }
}
