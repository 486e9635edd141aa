namespace Tessera.Manifests;

/// <summary>
/// A sorted run of (key → id) entries: a leaf of a manifest tree (<c>L</c>) or a delta (<c>D</c>,
/// where the zero id marks a removed key). Encoding: type byte, count, the distinct ids (compact,
/// see <see cref="CompactId"/>), then per entry the key prefix-compressed against the previous key
/// and the index of its id.
/// </summary>
internal sealed class EntryPage : IKeyedEntries
{
    public const byte LeafType = (byte)'L';
    public const byte DeltaType = (byte)'D';
    private const int MaxEntries = 1 << 24;

    /// <summary>Far above the longest key written (31 chunk coordinates of 9 bytes), low enough that no count of them overflows.</summary>
    private const int MaxKeyLength = 1024;
    private const int KeyBytesLimit = int.MaxValue - MaxKeyLength;

    private readonly byte[] keyData;
    private readonly int[] keyOffsets;
    private readonly ObjectId[] ids;

    /// <summary>
    /// Each entry's index into <see cref="ids"/>; null when entry i has id i, as in a leaf of distinct
    /// ids (most leaves: every run item, inline number and string differs), which then costs no
    /// array of ids per entry: a scan of a column decodes thousands of leaves.
    /// </summary>
    private readonly int[]? indices;

    private EntryPage(byte type, byte[] keyData, int[] keyOffsets, ObjectId[] ids, int[]? indices, int count)
    {
        this.Type = type;
        this.keyData = keyData;
        this.keyOffsets = keyOffsets;
        this.ids = ids;
        this.indices = indices;
        this.Count = count;
    }

    public byte Type { get; }

    public int Count { get; }

    public ReadOnlySpan<byte> Key(int i) => this.keyData.AsSpan(this.keyOffsets[i], this.keyOffsets[i + 1] - this.keyOffsets[i]);

    public byte[] KeyArray(int i) => this.Key(i).ToArray();

    public ObjectId Value(int i) => this.ids[this.indices is null ? i : this.indices[i]];

    public static byte[] Encode(byte type, EntryList entries, int start, int count)
    {
        var scratch = count <= Boundary.MaxLeafEntries ? LeafScratch ??= new EncodeScratch() : new EncodeScratch();
        var (distinct, order, indices) = scratch.Begin(count);
        int idBytes = 0, keyBytes = 0;
        for (int i = 0; i < count; i++)
        {
            var value = entries.Value(start + i);
            // Neighbours often share an id (a value repeated down a column): no lookup for them.
            if (i > 0 && value == entries.Value(start + i - 1))
            {
                indices[i] = indices[i - 1];
            }
            else
            {
                ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(distinct, value, out bool seen);
                if (!seen)
                {
                    slot = order.Count;
                    order.Add(value);
                    idBytes += CompactId.MaxLength(value);
                }
                indices[i] = slot;
            }
            keyBytes += entries.Key(start + i).Length;
        }
        var body = scratch.Body;
        body.Reset(idBytes + keyBytes + (count * 6) + 16);
        body.WriteByte(type);
        body.WriteVarInt((ulong)count);
        body.WriteVarInt((ulong)order.Count);
        var lastRun = ObjectId.Zero;
        foreach (var id in order)
            CompactId.Write(body, id, ref lastRun);
        ReadOnlySpan<byte> previous = [];
        for (int i = 0; i < count; i++)
        {
            var key = entries.Key(start + i);
            body.WriteKey(previous, key);
            body.WriteVarInt((ulong)indices[i]);
            previous = key;
        }
        return body.ToArray();
    }

    /// <summary>
    /// The working memory of an encoding, kept per thread for pages of leaf size: a tree is
    /// thousands of leaves, and fresh tables for each were most of what building one allocated.
    /// </summary>
    [ThreadStatic]
    private static EncodeScratch? LeafScratch;

    private sealed class EncodeScratch
    {
        private readonly Dictionary<ObjectId, int> distinct = [];
        private readonly List<ObjectId> order = [];
        private int[] indices = [];

        public ByteWriter Body { get; } = new();

        public (Dictionary<ObjectId, int> Distinct, List<ObjectId> Order, int[] Indices) Begin(int count)
        {
            this.distinct.Clear();
            this.order.Clear();
            if (this.indices.Length < count)
                this.indices = new int[count];
            return (this.distinct, this.order, this.indices);
        }
    }

    public static EntryPage Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 3 || (data[0] != LeafType && data[0] != DeltaType))
            throw new CorruptObjectException("A manifest page has an unknown type; verify the repository.");
        int pos = 1;
        int count = VarInt.ReadInt(data, ref pos, Math.Min(MaxEntries, data.Length));
        int distinctCount = VarInt.ReadInt(data, ref pos, Math.Min(count, data.Length - pos));
        if (distinctCount == 0 && count > 0)
            throw new CorruptObjectException("A manifest page has entries but no ids; verify the repository.");
        var ids = new ObjectId[distinctCount];
        var lastRun = ObjectId.Zero;
        for (int i = 0; i < distinctCount; i++)
            ids[i] = CompactId.Read(data, ref pos, ref lastRun);
        int[]? indices = null;
        var offsets = new int[count + 1];
        int entriesStart = pos, total = 0, prevLength = 0;
        for (int i = 0; i < count; i++)
        {
            int shared = VarInt.ReadInt(data, ref pos, prevLength);
            int suffix = VarInt.ReadInt(data, ref pos, Math.Min(data.Length - pos, MaxKeyLength - shared));
            pos += suffix;
            offsets[i] = total;
            prevLength = shared + suffix;
            total += prevLength;
            if (total > KeyBytesLimit)
                throw new CorruptObjectException("A manifest page's keys add up to more than 2 GiB; verify the repository.");
            int index = VarInt.ReadInt(data, ref pos, distinctCount - 1);
            if (indices is null && index != i)
            {
                indices = new int[count];
                for (int j = 0; j < i; j++)
                    indices[j] = j;
            }
            if (indices is not null)
                indices[i] = index;
        }
        offsets[count] = total;
        if (pos != data.Length)
            throw new CorruptObjectException("A manifest page has trailing bytes; verify the repository.");
        var keys = new byte[total];
        pos = entriesStart;
        for (int i = 0; i < count; i++)
        {
            int shared = VarInt.ReadInt(data, ref pos, int.MaxValue);
            int suffix = VarInt.ReadInt(data, ref pos, int.MaxValue);
            if (i > 0)
                keys.AsSpan(offsets[i - 1], shared).CopyTo(keys.AsSpan(offsets[i]));
            data.Slice(pos, suffix).CopyTo(keys.AsSpan(offsets[i] + shared));
            pos += suffix;
            VarInt.Read(data, ref pos);
        }
        return new EntryPage(data[0], keys, offsets, ids, indices, count);
    }
}
