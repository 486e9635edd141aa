using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Tessera.Manifests;

/// <summary>
/// A sorted run of (key → id) entries: a leaf of a manifest tree (<c>L</c>) or a delta (<c>D</c>,
/// where the zero id marks a removed key). Encoded by field, not by entry (format section 5.2): the
/// distinct ids, then every key's shared prefix length, every suffix length, every suffix, and each
/// entry's id index unless entry i has id i. Like values then sit together, which is what lets the
/// page's compression find them (design note 019). Keys that step by one and ids that are a run's
/// consecutive items, as a table imported in key order has them, are stored as their first alone.
/// </summary>
internal sealed partial class EntryPage : IKeyedEntries
{
    public const byte LeafType = (byte)'L';
    public const byte DeltaType = (byte)'D';

    /// <summary>
    /// The second byte of a page in the layout format 6 writes (section 5.2). Pages of formats 3 to 5
    /// have their entry count there, never zero, and are read by <see cref="DecodeRows"/>.
    /// </summary>
    private const byte ColumnsLayout = 0;

    /// <summary>Flag: entry i has id i (the ids are distinct and in entry order); no id indices follow.</summary>
    private const byte InOrderFlag = 1;

    /// <summary>Flag: the ids are inline samples of one length, stored as planes (<see cref="WritePlanes"/>).</summary>
    private const byte PlanesFlag = 2;

    /// <summary>Flag: every key after the first is the one before it plus one (<see cref="IsSuccessor"/>); only the first is stored.</summary>
    private const byte KeyStepFlag = 4;

    /// <summary>Flag: entry i has item i of a run from the first entry's on (<see cref="AreRunSteps"/>); only the first id is stored.</summary>
    private const byte RunStepFlag = 8;

    private const byte KnownFlags = InOrderFlag | PlanesFlag | KeyStepFlag | RunStepFlag;
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

    public static byte[] Encode(byte type, EntryList entries, int start, int count) => Encoded(type, entries, start, count).ToArray();

    /// <summary>The page <see cref="Encode"/> makes, in this thread's scratch buffer: valid until the thread encodes another.</summary>
    public static ReadOnlySpan<byte> Encoded(byte type, EntryList entries, int start, int count)
    {
        var scratch = count <= Boundary.MaxLeafEntries ? LeafScratch ??= new EncodeScratch() : new EncodeScratch();
        var (order, indices, shared) = scratch.Begin(count);
        // Steps are looked for first: a leaf of a table imported in key order has both, and then
        // needs no table of its ids and no shared prefixes (the table was most of its encoding).
        bool runStep = count >= 2 && AreRunSteps(entries, start, count);
        bool keyStep = count >= 2 && KeysStep(entries, start, count);
        int idBytes = 0, keyBytes = 0;
        // The compact length of every distinct id while all are inline samples of one length (-1 before the first id, 0 once they are not).
        int inlineLength = -1;
        if (runStep)
        {
            order.Add(entries.Value(start));
            idBytes = ObjectId.Size;
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                var value = entries.Value(start + i);
                // Neighbours often share an id (a value repeated down a column): no lookup for them.
                if (i > 0 && value == entries.Value(start + i - 1))
                {
                    indices[i] = indices[i - 1];
                    continue;
                }
                int slot = scratch.Place(value, out bool added);
                if (added)
                {
                    int length = CompactId.MaxLength(value);
                    idBytes += length;
                    inlineLength = value.IsInlineSample && (inlineLength == -1 || inlineLength == length) ? length : 0;
                }
                indices[i] = slot;
            }
        }
        if (!keyStep)
        {
            for (int i = 0; i < count; i++)
            {
                var key = entries.Key(start + i);
                shared[i] = i == 0 ? 0 : entries.Key(start + i - 1).CommonPrefixLength(key);
                keyBytes += key.Length;
            }
        }
        // Run items that step are distinct and in entry order.
        bool inOrder = runStep || order.Count == count;
        bool planes = inlineLength > 1;
        var body = scratch.Body;
        body.Reset(idBytes + keyBytes + (count * 8) + 24);
        body.WriteByte(type);
        body.WriteByte(ColumnsLayout);
        body.WriteVarInt((ulong)count);
        body.WriteVarInt((ulong)(runStep ? count : order.Count));
        body.WriteByte((byte)((inOrder ? InOrderFlag : 0) | (planes ? PlanesFlag : 0) | (keyStep ? KeyStepFlag : 0) | (runStep ? RunStepFlag : 0)));
        if (planes)
            WritePlanes(body, order, inlineLength);
        else
            WriteCompact(body, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order));
        if (keyStep)
        {
            var first = entries.Key(start);
            body.WriteVarInt((ulong)first.Length);
            body.Write(first);
        }
        else
        {
            for (int i = 0; i < count; i++)
                body.WriteVarInt((ulong)shared[i]);
            for (int i = 0; i < count; i++)
                body.WriteVarInt((ulong)(entries.Key(start + i).Length - shared[i]));
            for (int i = 0; i < count; i++)
                body.Write(entries.Key(start + i)[shared[i]..]);
        }
        if (!inOrder)
        {
            for (int i = 0; i < count; i++)
                body.WriteVarInt((ulong)indices[i]);
        }
        return body.Written.Span;
    }

    /// <summary>
    /// Whether <paramref name="key"/> is <paramref name="previous"/> plus one, both read as unsigned
    /// big-endian numbers of one length: the keys of consecutive integers (5.1), a table's rows.
    /// They share <paramref name="shared"/> bytes, after which the previous key's next byte is
    /// raised by one and the 0xFF bytes past it roll over to zero.
    /// </summary>
    private static bool IsSuccessor(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> key, int shared)
    {
        if (key.Length != previous.Length || shared >= key.Length || key[shared] != previous[shared] + 1)
            return false;
        for (int b = shared + 1; b < key.Length; b++)
        {
            if (previous[b] != 0xFF || key[b] != 0)
                return false;
        }
        return true;
    }

    /// <summary>Whether every key is the one before it plus one (<see cref="IsSuccessor"/>).</summary>
    // Optimized from its first call: an import calls it for every leaf from its first row group,
    // while the runtime's tiering keeps it unoptimized for most of a process's first import ("A
    // process's first import" in docs/performance.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool KeysStep(EntryList entries, int start, int count)
    {
        for (int i = 1; i < count; i++)
        {
            var previous = entries.Key(start + i - 1);
            var key = entries.Key(start + i);
            if (!StepsInLastWord(previous, key) && !IsSuccessor(previous, key, previous.CommonPrefixLength(key)))
                return false;
        }
        return true;
    }

    /// <summary>
    /// The usual case of <see cref="IsSuccessor"/> in one comparison of words: keys of one length
    /// whose last eight bytes, read as a number, step by one without a carry past them (an integer
    /// key is nine bytes). False leaves the answer to <see cref="IsSuccessor"/>.
    /// </summary>
    private static bool StepsInLastWord(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> key)
    {
        if (key.Length != previous.Length || key.Length < sizeof(ulong))
            return false;
        int head = key.Length - sizeof(ulong);
        ulong last = BinaryPrimitives.ReadUInt64BigEndian(previous[head..]);
        return last != ulong.MaxValue && BinaryPrimitives.ReadUInt64BigEndian(key[head..]) == last + 1 && previous[..head].SequenceEqual(key[..head]);
    }

    /// <summary>Whether entry i holds item <c>first + i</c> of the first entry's run, as an import stores a column of fixed-size samples.</summary>
    private static bool AreRunSteps(EntryList entries, int start, int count)
    {
        var first = entries.Value(start);
        if (!first.IsRunSample)
            return false;
        var run = SampleRun.RunOf(first);
        int index = SampleRun.IndexOf(first);
        if (index + count > SampleRun.MaxItems)
            return false;
        for (int i = 1; i < count; i++)
        {
            if (entries.Value(start + i) != SampleRun.ItemId(run, index + i))
                return false;
        }
        return true;
    }

    private static void WriteCompact(ByteWriter body, ReadOnlySpan<ObjectId> ids)
    {
        var lastRun = ObjectId.Zero;
        foreach (var id in ids)
            CompactId.Write(body, id, ref lastRun);
    }

    /// <summary>
    /// Inline ids of one length as planes: every id's first byte, then every id's second byte, and
    /// so on. A column's values share their header bytes, which then form runs a compressor removes,
    /// and the bytes of numbers that vary least (a float's exponent) sit together.
    /// </summary>
    private static void WritePlanes(ByteWriter body, List<ObjectId> ids, int length)
    {
        body.WriteVarInt((ulong)length);
        ObjectId.WritePlanes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids), length, body.Take(length * ids.Count));
    }

    /// <summary>
    /// The working memory of an encoding, kept per thread for pages of leaf size: a tree is
    /// thousands of leaves, and fresh tables for each were most of what building one allocated.
    /// </summary>
    [ThreadStatic]
    private static EncodeScratch? LeafScratch;

    private sealed class EncodeScratch
    {
        private readonly List<ObjectId> order = [];
        private int[] indices = [];
        private int[] shared = [];

        /// <summary>
        /// The distinct ids' places in <see cref="order"/> plus one (zero: empty), by open addressing
        /// in a table at most half full: a <see cref="Dictionary{TKey, TValue}"/> of the ids cost an
        /// import a lookup and an entry of 48 bytes for every inline sample, most of them distinct.
        /// </summary>
        private int[] places = [];
        private int mask;

        public ByteWriter Body { get; } = new();

        public (List<ObjectId> Order, int[] Indices, int[] Shared) Begin(int count)
        {
            this.order.Clear();
            if (this.indices.Length < count)
            {
                this.indices = new int[count];
                this.shared = new int[count];
            }
            int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * count));
            if (this.places.Length < size)
                this.places = new int[size];
            else
                this.places.AsSpan(0, size).Clear();
            this.mask = size - 1;
            return (this.order, this.indices, this.shared);
        }

        /// <summary>The place of <paramref name="id"/> among the distinct ids so far, added last when new.</summary>
        public int Place(ObjectId id, out bool added)
        {
            var ids = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(this.order);
            int at = id.GetHashCode() & this.mask;
            for (int place; (place = this.places[at]) != 0; at = (at + 1) & this.mask)
            {
                if (ids[place - 1] == id)
                {
                    added = false;
                    return place - 1;
                }
            }
            this.order.Add(id);
            this.places[at] = this.order.Count;
            added = true;
            return this.order.Count - 1;
        }
    }

    public static EntryPage Decode(ReadOnlySpan<byte> data)
    {
        CheckType(data);
        return data[1] == ColumnsLayout ? DecodeColumns(data) : DecodeRows(data);
    }

    /// <summary>The number of entries a page holds, from its head alone.</summary>
    public static int CountOf(ReadOnlySpan<byte> data)
    {
        CheckType(data);
        int pos = 1;
        if (data[1] != ColumnsLayout)
            return ReadCounts(data, ref pos).Count;
        pos = 2;
        return ReadColumnsHead(data, ref pos).Count;
    }

    /// <summary>
    /// A leaf of a flat column (every key one <see cref="SampleKey"/>) straight into a scan's arrays,
    /// which hold <see cref="CountOf"/> entries: each key decoded as it is restored, ids read in place
    /// when entry i has id i. A scan of a table decodes thousands of leaves, and a page object each,
    /// with its key bytes and id table copied again into the scan's arrays, was a third of its work.
    /// </summary>
    public static void DecodeFlat(ReadOnlySpan<byte> data, Span<SampleKey> keys, Span<ObjectId> ids)
    {
        CheckType(data);
        if (data[1] != ColumnsLayout)
        {
            DecodeRows(data).CopyFlat(keys, ids);
            return;
        }
        int pos = 2;
        var head = ReadColumnsHead(data, ref pos);
        var (count, distinct) = (head.Count, head.Distinct);
        if (count != keys.Length || count != ids.Length)
            throw new ArgumentException($"The page holds {count} entries, not {keys.Length}.", nameof(keys));
        var table = head.InOrder ? ids : new ObjectId[distinct];
        ReadIds(data, ref pos, head, table);
        var cursor = new KeyCursor(data, pos, count, head.KeyStep);
        Span<byte> key = stackalloc byte[MaxKeyLength];
        int restored = 0;
        if (head.KeyStep)
        {
            // Steps from a non-negative integer key that stay below 2^63 are the integers after it.
            var first = keys[0] = FlatKey(key[..cursor.Next(key)]);
            if (first.IsInt && first.Int >= 0 && first.Int <= long.MaxValue - (count - 1))
            {
                for (int i = 1; i < count; i++)
                    keys[i] = SampleKey.Of(first.Int + i);
                restored = count;
            }
            else
            {
                restored = 1;
            }
        }
        for (int i = restored; i < count; i++)
            keys[i] = FlatKey(key[..cursor.Next(key)]);
        pos = cursor.End;
        if (!head.InOrder)
        {
            for (int i = 0; i < count; i++)
                ids[i] = table[VarInt.ReadInt(data, ref pos, distinct - 1)];
        }
        CheckEnd(data, pos);
    }

    /// <summary>This page's entries into a flat column scan's arrays, as <see cref="DecodeFlat"/> writes them.</summary>
    public void CopyFlat(Span<SampleKey> keys, Span<ObjectId> ids)
    {
        for (int i = 0; i < this.Count; i++)
        {
            keys[i] = FlatKey(this.Key(i));
            ids[i] = this.Value(i);
        }
    }

    private static SampleKey FlatKey(ReadOnlySpan<byte> key) =>
        SampleKey.Decode(key, out var decoded) == key.Length
            ? decoded
            : throw new CorruptObjectException("A flat column's manifest holds a nested key; verify the repository.");

    private static void CheckType(ReadOnlySpan<byte> data)
    {
        if (data.Length < 3 || (data[0] != LeafType && data[0] != DeltaType))
            throw new CorruptObjectException("A manifest page has an unknown type; verify the repository.");
    }

    private static void CheckEnd(ReadOnlySpan<byte> data, int pos)
    {
        if (pos != data.Length)
            throw new CorruptObjectException("A manifest page has trailing bytes; verify the repository.");
    }

    private static EntryPage DecodeColumns(ReadOnlySpan<byte> data)
    {
        int pos = 2;
        var head = ReadColumnsHead(data, ref pos);
        var (count, distinct) = (head.Count, head.Distinct);
        var ids = new ObjectId[distinct];
        ReadIds(data, ref pos, head, ids);
        var cursor = new KeyCursor(data, pos, count, head.KeyStep);
        var keys = count <= Boundary.MaxLeafEntries ? KeyScratch ??= new ByteWriter() : new ByteWriter();
        keys.Reset(data.Length);
        var offsets = new int[count + 1];
        Span<byte> key = stackalloc byte[MaxKeyLength];
        for (int i = 0; i < count; i++)
        {
            offsets[i] = keys.Length;
            int length = cursor.Next(key);
            if (keys.Length > KeyBytesLimit)
                throw new CorruptObjectException("A manifest page's keys add up to more than 2 GiB; verify the repository.");
            keys.Write(key[..length]);
        }
        offsets[count] = keys.Length;
        pos = cursor.End;
        int[]? indices = null;
        if (!head.InOrder)
        {
            indices = new int[count];
            for (int i = 0; i < count; i++)
                indices[i] = VarInt.ReadInt(data, ref pos, distinct - 1);
        }
        CheckEnd(data, pos);
        return new EntryPage(data[0], keys.ToArray(), offsets, ids, indices, count);
    }

    /// <summary>A leaf's keys as they are restored, per thread (pages are decoded on every core); a larger page (a delta) takes its own.</summary>
    [ThreadStatic]
    private static ByteWriter? KeyScratch;

    /// <summary>A columns-layout page's entry count, distinct ids and flags.</summary>
    private readonly record struct ColumnsHead(int Count, int Distinct, byte Flags)
    {
        public bool InOrder => (this.Flags & InOrderFlag) != 0;

        public bool Planes => (this.Flags & PlanesFlag) != 0;

        public bool KeyStep => (this.Flags & KeyStepFlag) != 0;

        public bool RunStep => (this.Flags & RunStepFlag) != 0;
    }

    /// <summary>The head after a columns-layout page's first two bytes; <paramref name="pos"/> ends at the ids.</summary>
    private static ColumnsHead ReadColumnsHead(ReadOnlySpan<byte> data, ref int pos)
    {
        int count = VarInt.ReadInt(data, ref pos, MaxEntries);
        int distinct = VarInt.ReadInt(data, ref pos, count);
        if (pos >= data.Length || (data[pos] & ~KnownFlags) != 0)
            throw new CorruptObjectException("A manifest page has unknown flags or is truncated; verify the repository.");
        var head = new ColumnsHead(count, distinct, data[pos++]);
        if (distinct == 0 && count > 0)
            throw new CorruptObjectException("A manifest page has entries but no ids; verify the repository.");
        // Each entry and each id takes a byte at least (a key's lengths, an id or its index), unless they step from the first.
        if ((count > data.Length && !(head.KeyStep && head.RunStep)) || (distinct > data.Length - pos && !head.RunStep))
            throw new CorruptObjectException($"A manifest page holds more entries or ids than its {data.Length} bytes can; verify the repository.");
        if (head.InOrder && distinct != count)
            throw new CorruptObjectException("A manifest page says its ids are its entries' but holds fewer; verify the repository.");
        if ((head.KeyStep || head.RunStep) && count < 2)
            throw new CorruptObjectException("A manifest page says its keys or ids step from the first, but holds one entry; verify the repository.");
        if (head.RunStep && (!head.InOrder || head.Planes))
            throw new CorruptObjectException("A manifest page says its ids are a run's items, with flags that contradict it; verify the repository.");
        return head;
    }

    /// <summary>The number of entries and of distinct ids of a page in the row layout, each of which takes a byte at least.</summary>
    private static (int Count, int Distinct) ReadCounts(ReadOnlySpan<byte> data, ref int pos)
    {
        int count = VarInt.ReadInt(data, ref pos, Math.Min(MaxEntries, data.Length));
        int distinct = VarInt.ReadInt(data, ref pos, Math.Min(count, data.Length - pos));
        return distinct == 0 && count > 0
            ? throw new CorruptObjectException("A manifest page has entries but no ids; verify the repository.")
            : (count, distinct);
    }

    private static void ReadIds(ReadOnlySpan<byte> data, ref int pos, ColumnsHead head, Span<ObjectId> ids)
    {
        if (head.Planes)
            ReadPlanes(data, ref pos, ids);
        else if (head.RunStep)
            ReadRunSteps(data, ref pos, ids);
        else
            ReadCompact(data, ref pos, ids);
    }

    /// <summary>The first id, a run item, and the items after it in that run.</summary>
    private static void ReadRunSteps(ReadOnlySpan<byte> data, ref int pos, Span<ObjectId> ids)
    {
        var lastRun = ObjectId.Zero;
        var first = CompactId.Read(data, ref pos, ref lastRun);
        int index = SampleRun.IndexOf(first);
        if (!first.IsRunSample || index > SampleRun.MaxItems - ids.Length)
            throw new CorruptObjectException("A manifest page's run of ids is malformed; verify the repository.");
        for (int i = 0; i < ids.Length; i++)
            ids[i] = SampleRun.ItemId(lastRun, index + i);
    }

    private static void ReadCompact(ReadOnlySpan<byte> data, ref int pos, Span<ObjectId> ids)
    {
        var lastRun = ObjectId.Zero;
        for (int i = 0; i < ids.Length; i++)
            ids[i] = CompactId.Read(data, ref pos, ref lastRun);
    }

    /// <summary>A leaf's worth of rows for <see cref="ReadPlanes"/>, per thread (pages are decoded on every core).</summary>
    [ThreadStatic]
    private static byte[]? PlaneRows;

    private static void ReadPlanes(ReadOnlySpan<byte> data, ref int pos, Span<ObjectId> ids)
    {
        int count = ids.Length;
        int length = VarInt.ReadInt(data, ref pos, ObjectId.Size);
        if (length < 2 || (long)length * count > data.Length - pos)
            throw new CorruptObjectException("A manifest page's ids are malformed or truncated; verify the repository.");
        // Plane by plane into rows of a cleared buffer, then an id per row: an id at a time from every
        // plane was most of a float64 leaf's decoding.
        var rows = count <= Boundary.MaxLeafEntries
            ? (PlaneRows ??= new byte[Boundary.MaxLeafEntries * ObjectId.Size]).AsSpan(0, count * ObjectId.Size)
            : new byte[count * ObjectId.Size];
        rows.Clear();
        for (int b = 0; b < length; b++)
        {
            var plane = data.Slice(pos + (b * count), count);
            for (int j = 0; j < plane.Length; j++)
                rows[(j * ObjectId.Size) + b] = plane[j];
        }
        for (int j = 0; j < count; j++)
            ids[j] = ObjectId.Read(rows.Slice(j * ObjectId.Size, ObjectId.Size));
        byte first = (byte)(CompactId.InlineMarker + length - 1);
        if (data.Slice(pos, count).ContainsAnyExcept(first))
            throw new CorruptObjectException("A manifest page's ids are malformed; verify the repository.");
        pos += length * count;
    }
}
