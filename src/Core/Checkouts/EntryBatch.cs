namespace Tessera;

/// <summary>
/// A stretch of a flat column's entries in key order: keys and content ids side by side
/// (<see cref="ColumnSnapshot.EntryBatches"/>). Its arrays are reused for the next batch.
/// </summary>
public readonly struct EntryBatch
{
    private readonly SampleKey[] keys;
    private readonly ObjectId[] ids;

    internal EntryBatch(SampleKey[] keys, ObjectId[] ids, int count)
    {
        this.keys = keys;
        this.ids = ids;
        this.Count = count;
    }

    public int Count { get; }

    public ReadOnlySpan<SampleKey> Keys => this.keys.AsSpan(0, this.Count);

    public ReadOnlySpan<ObjectId> Ids => this.ids.AsSpan(0, this.Count);

    /// <summary>Entries gathered into batches of up to <paramref name="size"/> (one pair of arrays, reused).</summary>
    internal static IEnumerable<EntryBatch> Gather(IEnumerable<(SampleKey Key, ObjectId Id)> entries, int size)
    {
        var keys = new SampleKey[size];
        var ids = new ObjectId[size];
        int count = 0;
        foreach (var (key, id) in entries)
        {
            keys[count] = key;
            ids[count++] = id;
            if (count == size)
            {
                yield return new EntryBatch(keys, ids, count);
                count = 0;
            }
        }
        if (count > 0)
            yield return new EntryBatch(keys, ids, count);
    }
}
