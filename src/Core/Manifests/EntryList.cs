namespace Tessera.Manifests;

/// <summary>
/// A growable list of (key → id) entries with the keys packed into one buffer. Millions of staged
/// or committed entries then cost three arrays instead of an object per key, which is what keeps
/// an import and its commit from spending their time in the collector (design note 017).
/// </summary>
internal sealed class EntryList : IKeyedEntries
{
    private byte[] keyData;
    private int[] offsets;
    private ObjectId[] values;

    public EntryList(int capacity = 16, int keyBytes = 0)
    {
        // Uninitialized: every slot is written before it is read, and zeroing hundreds of
        // megabytes of fresh memory costs more than filling it.
        capacity = Math.Max(1, capacity);
        this.keyData = GC.AllocateUninitializedArray<byte>(Math.Max(16, keyBytes));
        this.offsets = GC.AllocateUninitializedArray<int>(capacity + 1);
        this.offsets[0] = 0;
        this.values = GC.AllocateUninitializedArray<ObjectId>(capacity);
    }

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Key(int i) => this.keyData.AsSpan(this.offsets[i], this.offsets[i + 1] - this.offsets[i]);

    public byte[] KeyArray(int i) => this.Key(i).ToArray();

    public ObjectId Value(int i) => this.values[i];

    public void SetValue(int i, ObjectId value) => this.values[i] = value;

    public KeyValuePair<byte[], ObjectId> Entry(int i) => new(this.KeyArray(i), this.values[i]);

    /// <summary>The last key, or an empty span when there is none.</summary>
    public ReadOnlySpan<byte> LastKey => this.Count == 0 ? [] : this.Key(this.Count - 1);

    public void Add(ReadOnlySpan<byte> key, ObjectId value)
    {
        if (this.Count == this.values.Length)
            this.Grow(this.Count + 1);
        int end = this.offsets[this.Count];
        if (end + key.Length > this.keyData.Length)
            this.keyData = Resized(this.keyData, Math.Max(this.keyData.Length * 2, end + key.Length), end);
        key.CopyTo(this.keyData.AsSpan(end));
        this.values[this.Count] = value;
        this.offsets[++this.Count] = end + key.Length;
    }

    /// <summary>Appends a batch in one copy; its keys must increase and follow the last one (the caller has checked).</summary>
    public void AddRange(KeyBatch keys, ReadOnlySpan<ObjectId> values) => this.AddRange(keys, 0, keys.Count, values);

    /// <summary>Appends keys <paramref name="first"/>.. of a batch (as many as <paramref name="values"/>) in one copy, on the same terms.</summary>
    public void AddRange(KeyBatch keys, int first, int count, ReadOnlySpan<ObjectId> values)
    {
        if (this.Count + count > this.values.Length)
            this.Grow(this.Count + count);
        int end = this.offsets[this.Count];
        int from = keys.Start(first);
        var bytes = keys.Bytes[from..keys.Start(first + count)];
        if (end + bytes.Length > this.keyData.Length)
            this.keyData = Resized(this.keyData, Math.Max(this.keyData.Length * 2, end + bytes.Length), end);
        bytes.CopyTo(this.keyData.AsSpan(end));
        for (int i = 1; i <= count; i++)
            this.offsets[this.Count + i] = end + keys.Start(first + i) - from;
        values[..count].CopyTo(this.values.AsSpan(this.Count));
        this.Count += count;
    }

    /// <summary>Room for <paramref name="extra"/> more entries, and for their keys at the length of those so far (an integer key's when none).</summary>
    public void Reserve(int extra)
    {
        if (this.Count + extra > this.values.Length)
            this.Grow(this.Count + extra);
        int end = this.offsets[this.Count];
        long keyBytes = end + ((long)extra * (this.Count > 0 ? (end + this.Count - 1) / this.Count : 9));
        if (keyBytes > this.keyData.Length && keyBytes <= Array.MaxLength)
            this.keyData = Resized(this.keyData, (int)keyBytes, end);
    }

    public void Clear() => this.Count = 0;

    /// <summary>Whether every key is greater than the one before it.</summary>
    public bool IsStrictlyIncreasing()
    {
        for (int i = 1; i < this.Count; i++)
        {
            if (this.Key(i - 1).SequenceCompareTo(this.Key(i)) >= 0)
                return false;
        }
        return true;
    }

    public IEnumerable<KeyValuePair<byte[], ObjectId>> Entries()
    {
        for (int i = 0; i < this.Count; i++)
            yield return this.Entry(i);
    }

    public static EntryList From(IReadOnlyCollection<KeyValuePair<byte[], ObjectId>> entries)
    {
        var list = new EntryList(entries.Count);
        foreach (var (key, value) in entries)
            list.Add(key, value);
        return list;
    }

    private void Grow(int needed)
    {
        int capacity = Math.Max(needed, this.values.Length * 2);
        this.values = Resized(this.values, capacity, this.Count);
        this.offsets = Resized(this.offsets, capacity + 1, this.Count + 1);
    }

    private static T[] Resized<T>(T[] array, int length, int used)
    {
        var result = GC.AllocateUninitializedArray<T>(length);
        array.AsSpan(0, used).CopyTo(result);
        return result;
    }
}
