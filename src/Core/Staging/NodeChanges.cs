using System.Diagnostics.CodeAnalysis;
using Tessera.Manifests;

namespace Tessera.Staging;

/// <summary>
/// The staged sample changes of one node (a zero id is a removal), the latest per key. While keys
/// arrive in increasing order (imports, ranges of row numbers) they are kept packed in one
/// <see cref="EntryList"/>, which is its own sorted, distinct view: staging millions of samples
/// costs an append each and no object per key, and lookups are binary searches. The first key
/// out of order turns the changes into a keyed index, kept from then on.
/// A new column that an operation builds as it stages (<see cref="ManifestsInAdvance"/>) keeps no
/// entries here: they are <see cref="Hold">held</see> by its builder, counted, and fetched back from
/// it only if something reads them before the operation completes (design note 017, "Later").
/// </summary>
internal sealed class NodeChanges : IReadOnlyDictionary<byte[], ObjectId>
{
    private EntryList packed = new();
    private List<KeyValuePair<byte[], ObjectId>>? log;
    private Dictionary<byte[], int>? index;

    /// <summary>While packed: the entries below this are in the staging log already.</summary>
    private int flushed;

    /// <summary>Once keyed: the changes since the last flush, in staged order.</summary>
    private EntryList? unflushedLog;

    /// <summary>While held: fetches the held changes back from their builder (none is flushed).</summary>
    private Func<EntryList>? holder;

    /// <summary>While held: how many changes the builder holds, and the last key.</summary>
    private int heldCount;
    private byte[] heldLastKey = [];

    /// <summary>Room asked for and not made yet: made when the first change is kept here, never when they are held.</summary>
    private int reserved;

    public int Count => this.holder is not null ? this.heldCount : this.log?.Count ?? this.packed.Count;

    /// <summary>Whether the changes are still the packed list of increasing keys, in the order they were staged.</summary>
    public bool IsPacked => this.log is null;

    /// <summary>Whether the changes are held by the builder of an operation's new column, not here.</summary>
    public bool IsHeld => this.holder is not null;

    /// <summary>Changes not yet written to the staging log.</summary>
    public int UnflushedCount => this.holder is not null ? this.heldCount : this.log is null ? this.packed.Count - this.flushed : this.unflushedLog!.Count;

    /// <summary>
    /// Counts a batch of increasing keys, after every change before, that a builder holds instead
    /// of this list; <paramref name="fetch"/> returns every change held, in order, when they are
    /// needed here (a lookup, a change out of order). Only changes held by one builder, from the
    /// first, can be held.
    /// </summary>
    public void Hold(KeyBatch keys, Func<EntryList> fetch)
    {
        if (keys.Count == 0)
            return;
        if (this.holder is null && this.Count > 0)
            throw new InvalidOperationException("Changes kept here cannot be held by a builder.");
        this.holder = fetch;
        this.reserved = 0;
        this.heldCount += keys.Count;
        this.heldLastKey = keys.KeyArray(keys.Count - 1);
    }

    /// <summary>The held changes fetched back from their builder and kept here, as changes not yet flushed.</summary>
    public void Fetch()
    {
        if (this.holder is not { } fetch)
            return;
        var entries = fetch();
        if (entries.Count != this.heldCount)
            throw new InvalidOperationException($"A column's builder gave back {entries.Count} changes where {this.heldCount} were staged.");
        this.holder = null;
        this.heldCount = 0;
        this.heldLastKey = [];
        this.packed = entries;
        this.flushed = 0;
    }

    public IEnumerable<byte[]> Keys => this.Entries().Select(e => e.Key);

    public IEnumerable<ObjectId> Values => this.Entries().Select(e => e.Value);

    public ObjectId this[byte[] key] => this.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException();

    public void Set(byte[] key, ObjectId value)
    {
        this.Fetch();
        this.MakeRoom();
        if (this.log is null && (this.packed.Count == 0 || this.packed.LastKey.SequenceCompareTo(key) < 0))
        {
            this.packed.Add(key, value);
            return;
        }
        var index = this.Index();
        this.unflushedLog!.Add(key, value);
        if (index.TryGetValue(key, out int at))
        {
            this.log![at] = new(key, value);
        }
        else
        {
            index[key] = this.log!.Count;
            this.log.Add(new(key, value));
        }
    }

    /// <summary>Room for this many more changes, while they are packed; made when the first of them is kept here.</summary>
    public void Reserve(int count)
    {
        if (this.log is null && this.holder is null)
            this.reserved = Math.Max(this.reserved, count);
    }

    /// <summary>Makes the room asked for before changes are kept here.</summary>
    private void MakeRoom()
    {
        if (this.reserved > 0 && this.log is null)
            this.packed.Reserve(this.reserved);
        this.reserved = 0;
    }

    /// <summary>Stages entries in order, as <see cref="Set"/> does for each, without a key object per entry while they keep increasing.</summary>
    public void SetRange(EntryList entries, int from = 0)
    {
        this.Fetch();
        this.MakeRoom();
        int i = from;
        if (this.log is null)
        {
            this.packed.Reserve(entries.Count - from);
            for (; i < entries.Count; i++)
            {
                var key = entries.Key(i);
                if (this.packed.Count > 0 && this.packed.LastKey.SequenceCompareTo(key) >= 0)
                    break;
                this.packed.Add(key, entries.Value(i));
            }
        }
        for (; i < entries.Count; i++)
            this.Set(entries.KeyArray(i), entries.Value(i));
    }

    /// <summary>Stages a batch as <see cref="Set"/> does for each key: in one copy while keys keep increasing.</summary>
    public void SetRange(KeyBatch keys, ReadOnlySpan<ObjectId> values)
    {
        this.Fetch();
        this.MakeRoom();
        if (this.log is null && keys.Increasing(this.packed.LastKey))
        {
            this.packed.AddRange(keys, values);
            return;
        }
        for (int i = 0; i < keys.Count; i++)
            this.Set(keys.KeyArray(i), values[i]);
    }

    /// <summary>Changes decoded from the staging log, in staged order; kept as they are (no copy) when their keys increase.</summary>
    public static NodeChanges Loaded(EntryList entries)
    {
        var changes = new NodeChanges();
        if (entries.IsStrictlyIncreasing())
            changes.packed = entries;
        else
            changes.SetRange(entries);
        changes.TakeUnflushed();
        return changes;
    }

    /// <summary>The changes staged since the last call, in staged order (entries <c>Start</c> to <c>Start + Count</c> of the list), now counted as flushed.</summary>
    public (EntryList Entries, int Start, int Count) TakeUnflushed()
    {
        this.Fetch();
        if (this.log is null)
        {
            var taken = (this.packed, this.flushed, this.packed.Count - this.flushed);
            this.flushed = this.packed.Count;
            return taken;
        }
        var pending = this.unflushedLog!;
        this.unflushedLog = new EntryList();
        return (pending, 0, pending.Count);
    }

    /// <summary>Whether every staged key sorts before <paramref name="key"/> (none is at or after it).</summary>
    public bool AllBefore(ReadOnlySpan<byte> key) =>
        this.Count == 0 || (this.IsPacked && (this.holder is not null ? this.heldLastKey : this.packed.LastKey).SequenceCompareTo(key) < 0);

    public bool ContainsKey(byte[] key) => this.TryGetValue(key, out _);

    public bool TryGetValue(byte[] key, [MaybeNullWhen(false)] out ObjectId value) => this.TryGetValue(key.AsSpan(), out value);

    public bool TryGetValue(ReadOnlySpan<byte> key, out ObjectId value)
    {
        // A key after every held one is not staged: the builder need not give them back for it.
        if (this.holder is not null && this.AllBefore(key))
        {
            value = default;
            return false;
        }
        this.Fetch();
        if (this.log is null)
        {
            int i = this.packed.Find(key);
            value = i >= 0 ? this.packed.Value(i) : default;
            return i >= 0;
        }
        if (this.index!.TryGetValue(key.ToArray(), out int at))
        {
            value = this.log[at].Value;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>
    /// The changes sorted by key, one per key: what a commit applies to the manifest. While keys
    /// have increased this is the packed log itself, valid until the next change.
    /// </summary>
    public EntryList InKeyOrder()
    {
        this.Fetch();
        if (this.log is null)
            return this.packed;
        var sorted = new List<KeyValuePair<byte[], ObjectId>>(this.log);
        sorted.Sort(static (x, y) => KeyComparer.Instance.Compare(x.Key, y.Key));
        return EntryList.From(sorted);
    }

    public IEnumerator<KeyValuePair<byte[], ObjectId>> GetEnumerator() => this.Entries().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => this.GetEnumerator();

    private IEnumerable<KeyValuePair<byte[], ObjectId>> Entries()
    {
        this.Fetch();
        return (IEnumerable<KeyValuePair<byte[], ObjectId>>?)this.log ?? this.packed.Entries();
    }

    /// <summary>Moves the packed entries into a keyed index, once.</summary>
    private Dictionary<byte[], int> Index()
    {
        if (this.index is not null)
            return this.index;
        this.log = new List<KeyValuePair<byte[], ObjectId>>(this.packed.Count + 1);
        this.index = new Dictionary<byte[], int>(this.packed.Count + 1, KeyComparer.Instance);
        this.unflushedLog = new EntryList(this.packed.Count - this.flushed);
        for (int i = 0; i < this.packed.Count; i++)
        {
            var entry = this.packed.Entry(i);
            this.index[entry.Key] = i;
            this.log.Add(entry);
            if (i >= this.flushed)
                this.unflushedLog.Add(entry.Key, entry.Value);
        }
        this.packed = new EntryList();
        return this.index;
    }
}
