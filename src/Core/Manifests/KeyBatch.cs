namespace Tessera.Manifests;

/// <summary>
/// The encoded keys of a batch staged in one step, back to back in one array. An import of
/// 2,000,000 rows made an array per key, which lived across several collections while its row
/// group was staged into every column and was copied by the collector twice on the way.
/// </summary>
internal sealed class KeyBatch : IKeyedEntries
{
    private readonly byte[] data;
    private readonly int[] offsets;

    /// <summary>Whether the keys increase: 0 until found, then 1 (they do) or 2; one int, so threads sharing the batch read it whole.</summary>
    private int order;

    /// <summary>The positions of the keys that end a leaf, once found (<see cref="LeafEnds"/>).</summary>
    private int[]? leafEnds;

    private KeyBatch(byte[] data, int[] offsets)
    {
        this.data = data;
        this.offsets = offsets;
    }

    public int Count => this.offsets.Length - 1;

    public ReadOnlySpan<byte> this[int i] => this.data.AsSpan(this.offsets[i], this.offsets[i + 1] - this.offsets[i]);

    /// <summary>Every key, back to back.</summary>
    public ReadOnlySpan<byte> Bytes => this.data.AsSpan(0, this.offsets[^1]);

    /// <summary>Where key <paramref name="i"/> starts in <see cref="Bytes"/>; <see cref="Count"/> gives the end.</summary>
    public int Start(int i) => this.offsets[i];

    public byte[] KeyArray(int i) => this[i].ToArray();

    public ReadOnlySpan<byte> Key(int i) => this[i];

    /// <summary>
    /// The positions of the keys that end a leaf (<see cref="Boundary.EndsLeaf"/>), increasing: found
    /// once for a batch that every column of a table builds its leaves from, on as many threads (the
    /// key hash, three times per row, was most of the tree builder's own time in a table's import).
    /// </summary>
    public int[] LeafEnds => LazyInitializer.EnsureInitialized(ref this.leafEnds, this.FindLeafEnds);

    private int[] FindLeafEnds()
    {
        var ends = new List<int>((this.Count / 128) + 1);
        for (int i = 0; i < this.Count; i++)
        {
            if (Boundary.EndsLeaf(this[i]))
                ends.Add(i);
        }
        return [.. ends];
    }

    public static KeyBatch Encode(IReadOnlyList<SampleKey> keys)
    {
        var offsets = new int[keys.Count + 1];
        for (int i = 0; i < keys.Count; i++)
            offsets[i + 1] = checked(offsets[i] + keys[i].EncodedLength);
        var data = GC.AllocateUninitializedArray<byte>(offsets[^1]);
        for (int i = 0; i < keys.Count; i++)
            keys[i].Encode(data.AsSpan(offsets[i]));
        return new KeyBatch(data, offsets);
    }

    public static KeyBatch Of(IReadOnlyList<byte[]> keys)
    {
        var offsets = new int[keys.Count + 1];
        for (int i = 0; i < keys.Count; i++)
            offsets[i + 1] = checked(offsets[i] + keys[i].Length);
        var data = GC.AllocateUninitializedArray<byte>(offsets[^1]);
        for (int i = 0; i < keys.Count; i++)
            keys[i].CopyTo(data, offsets[i]);
        return new KeyBatch(data, offsets);
    }

    /// <summary>The keys at these increasing positions; this batch itself when that is all of them.</summary>
    public KeyBatch Select(int[] positions)
    {
        if (positions.Length == this.Count)
            return this;
        var offsets = new int[positions.Length + 1];
        for (int i = 0; i < positions.Length; i++)
            offsets[i + 1] = offsets[i] + this[positions[i]].Length;
        var data = GC.AllocateUninitializedArray<byte>(offsets[^1]);
        for (int i = 0; i < positions.Length; i++)
            this[positions[i]].CopyTo(data.AsSpan(offsets[i]));
        return new KeyBatch(data, offsets);
    }

    /// <summary>Whether every key is greater than the one before it, and the first greater than <paramref name="after"/> (when not empty).</summary>
    public bool Increasing(ReadOnlySpan<byte> after) =>
        this.InOrder && (after.IsEmpty || this.Count == 0 || after.SequenceCompareTo(this[0]) < 0);

    /// <summary>Whether every key is greater than the one before it; found once (each step that stages a batch asks).</summary>
    private bool InOrder
    {
        get
        {
            if (this.order == 0)
                this.order = this.FindInOrder() ? 1 : 2;
            return this.order == 1;
        }
    }

    private bool FindInOrder()
    {
        for (int i = 1; i < this.Count; i++)
        {
            if (this[i - 1].SequenceCompareTo(this[i]) >= 0)
                return false;
        }
        return true;
    }
}
