using System.Buffers;
using Tessera.Manifests;
using Tessera.Storage;

namespace Tessera;

public sealed partial class WriteCheckout
{
    /// <summary>
    /// Stages a batch of samples of one fixed shape as runs (<see cref="SampleRun"/>): their bytes
    /// stored as a few run objects, each key staged with its item's id. Keys whose current sample
    /// already holds the same bytes are left alone, so that re-staging unchanged data changes
    /// nothing, as it does for hashed ids (equal bytes, equal id).
    /// </summary>
    /// <param name="data">The items back to back, in the order of <paramref name="keys"/>.</param>
    /// <param name="codes">The elements' codes in a dictionary, when the caller read them so.</param>
    internal void StageRuns(NodeRecord node, KeyBatch keys, DType dtype, int[] itemShape, ReadOnlyMemory<byte> data, ElementCodes? codes = null)
    {
        var codec = node.Schema!.Compression;
        int itemSize = data.Length / keys.Count;
        var items = RunItems.Fixed(BlobFormat.Header(ColumnKind.NDArray, dtype, itemShape), data, itemSize);
        int perRun = Math.Max(1, Math.Min(SampleRun.MaxItems, SampleRun.MaxBytes / Math.Max(1, itemSize)));
        this.StageRuns(node, keys, items, fresh => Enumerable.Range(0, (fresh.Length + perRun - 1) / perRun)
            .Select(r => (ReadOnlyMemory<int>)fresh.AsMemory(r * perRun, Math.Min(perRun, fresh.Length - (r * perRun))))
            .ToArray(), run => BuildRun(run, dtype, itemShape, itemSize, data, codec, codes));
    }

    /// <summary>
    /// Stages a batch of short str or bytes samples (each at most <see cref="TextRun.MaxItemLength"/>
    /// bytes; the caller checks) as text runs, as <see cref="StageRuns(NodeRecord, KeyBatch, DType, int[], ReadOnlyMemory{byte}, ElementCodes?)"/> stages numbers.
    /// </summary>
    /// <param name="offsets">Sample i is <paramref name="data"/>[offsets[i]..offsets[i + 1]].</param>
    internal void StageTextRuns(NodeRecord node, KeyBatch keys, ColumnKind kind, ReadOnlyMemory<byte> data, ReadOnlyMemory<int> offsets)
    {
        var codec = node.Schema!.Compression;
        this.StageRuns(node, keys, RunItems.Texts(kind, data, offsets), fresh => CutTexts(fresh, offsets.Span), run => BuildTextRun(run, kind, data, offsets, codec));
    }

    /// <summary>
    /// Stages a batch as runs: the items that change something are cut into runs (<paramref name="cut"/>),
    /// built on every core outside the lock (<paramref name="build"/>), stored, and their keys staged with
    /// the items' ids; keys put back to the bytes of their committed item get that item again.
    /// </summary>
    private void StageRuns(NodeRecord node, KeyBatch keys, RunItems items, Func<int[], ReadOnlyMemory<int>[]> cut, Func<ReadOnlySpan<int>, BuiltRun> build)
    {
        int[] changed;
        ObjectId?[]? restored;
        lock (this.gate)
        {
            this.CheckWritable(node);
            (changed, restored) = this.ChangedItems(this.Current(node), keys, items);
        }
        var fresh = restored is null ? changed : [.. changed.Where((_, i) => restored[i] is null)];
        // Compressed outside the lock: other threads staging other columns are not held up meanwhile.
        var runs = cut(fresh);
        var built = new BuiltRun[runs.Length];
        Parallelism.For(runs.Length, r => built[r] = build(runs[r].Span));
        lock (this.gate)
        {
            this.CheckWritable(node);
            // Every item changed (new keys): staged under the caller's keys, not a copy of them.
            var stagedKeys = keys.Select(changed);
            var ids = ArrayPool<ObjectId>.Shared.Rent(changed.Length);
            foreach (var run in built)
            {
                if (!this.blobs.Has(run.Id))
                    this.blobs.Append(run.Id, run.Header, run.Stored.Span, run.Codec, run.Crc);
            }
            for (int i = 0, r = 0, index = 0; i < changed.Length; i++)
            {
                if (restored?[i] is { } committed)
                {
                    ids[i] = committed;
                    continue;
                }
                if (index == runs[r].Length)
                    (r, index) = (r + 1, 0);
                ids[i] = SampleRun.ItemId(built[r].Id, index++);
            }
            try
            {
                this.StageRangeLocked(node, stagedKeys, ids.AsSpan(0, changed.Length));
            }
            finally
            {
                ArrayPool<ObjectId>.Shared.Return(ids);
            }
        }
    }

    /// <summary>Texts cut into runs of at most <see cref="SampleRun.MaxItems"/> items and <see cref="SampleRun.MaxBytes"/> bytes of lengths and text.</summary>
    private static ReadOnlyMemory<int>[] CutTexts(int[] items, ReadOnlySpan<int> offsets)
    {
        var runs = new List<ReadOnlyMemory<int>>();
        for (int start = 0, i = 0, bytes = 0; i <= items.Length; i++)
        {
            int size = i == items.Length ? 0 : 1 + offsets[items[i] + 1] - offsets[items[i]];
            if (i == items.Length || i - start == SampleRun.MaxItems || bytes + size > SampleRun.MaxBytes)
            {
                if (i > start)
                    runs.Add(items.AsMemory(start, i - start));
                (start, bytes) = (i, 0);
            }
            bytes += size;
        }
        return [.. runs];
    }

    /// <summary>
    /// The positions of the items whose key does not already hold these exact bytes, and for each
    /// the id to stage when it is not a new run item: the committed one, when the key's staged change
    /// is what differs and its committed sample holds the bytes (a run item's id is not its bytes, so
    /// a key staged back to its committed value would otherwise show as changed).
    /// </summary>
    private (int[] Changed, ObjectId?[]? Restored) ChangedItems(NodeRecord node, KeyBatch keys, RunItems items)
    {
        if (this.AllNew(node, keys))
            return ([.. Enumerable.Range(0, keys.Count)], null);
        var staged = this.Staging.ChangesFor(node.Id);
        var committedId = this.CommittedIds(node, keys);
        var changed = new List<int>(keys.Count);
        List<ObjectId?>? restored = null;
        LoadedRun? run = null;
        Span<byte> scratch = stackalloc byte[BlobFormat.HeaderSize(1)];
        for (int i = 0; i < keys.Count; i++)
        {
            var bytes = items.Bytes(i);
            var header = items.Header(i, scratch);
            bool isStaged = staged.TryGetValue(keys[i], out var stagedId);
            var current = isStaged ? (stagedId.IsZero ? null : stagedId) : committedId(i);
            if (current is { } old && this.HoldsBytes(old, header, bytes, ref run))
                continue;
            changed.Add(i);
            var back = isStaged && committedId(i) is { } committed && this.HoldsBytes(committed, header, bytes, ref run) ? committed : (ObjectId?)null;
            if (back is not null)
                restored ??= [.. Enumerable.Repeat<ObjectId?>(null, changed.Count - 1)];
            restored?.Add(back);
        }
        return ([.. changed], restored is null ? null : [.. restored]);
    }

    /// <summary>
    /// Whether no key of a batch can hold a sample yet: keys in order after every key staged to a
    /// column with no committed entries (an import's next row group), so none is looked up.
    /// </summary>
    private bool AllNew(NodeRecord node, KeyBatch keys) =>
        node.Manifest.IsEmpty && this.Staging.ChangesFor(node.Id).AllBefore(keys[0]) && keys.Increasing([]);

    /// <summary>
    /// The sample each key of a batch holds now, staged or else committed, by position: keys in
    /// order (a table imported again) are looked up in the committed manifest in one pass over its
    /// leaves, others one by one.
    /// </summary>
    private Func<int, ObjectId?> CurrentIds(NodeRecord node, KeyBatch keys)
    {
        var staged = this.Staging.ChangesFor(node.Id);
        var committed = this.CommittedIds(node, keys);
        return i => staged.TryGetValue(keys[i], out var s) ? (s.IsZero ? null : s) : committed(i);
    }

    /// <summary>The committed sample of each key of a batch, by position: keys in order looked up in one pass over the leaves.</summary>
    private Func<int, ObjectId?> CommittedIds(NodeRecord node, KeyBatch keys)
    {
        var committed = !node.Manifest.IsEmpty && keys.Increasing([]) ? this.Repo.Manifests.LookupSorted(node.Manifest, keys) : null;
        return i => committed is not null ? committed[i] : this.Repo.Manifests.Lookup(node.Manifest, keys[i]);
    }

    /// <summary>
    /// The committed run item of a key when it holds exactly the bytes of a sample put one by one:
    /// staged again, the put changes nothing, as a put of the bytes of a hashed or inline id does
    /// (equal bytes, equal id); staged under a new id, status and the commit would count a change.
    /// </summary>
    private ObjectId? CommittedItemHolding(NodeRecord node, byte[] key, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        if (header.Length + data.Length > SampleRun.MaxItemBytes)
            return null;
        lock (this.gate)
        {
            var manifest = this.Current(node).Manifest;
            LoadedRun? run = null;
            return !manifest.IsEmpty && this.Repo.Manifests.Lookup(manifest, key) is { IsRunSample: true } committed && this.HoldsBytes(committed, header, data, ref run)
                ? committed
                : null;
        }
    }

    /// <summary>True when sample <paramref name="id"/> is an item of this dtype and shape holding exactly <paramref name="bytes"/>.</summary>
    /// <param name="run">The run of the item compared before: neighbouring keys' items are mostly of one run, looked up once for them.</param>
    private bool HoldsBytes(ObjectId id, ReadOnlySpan<byte> itemHeader, ReadOnlySpan<byte> bytes, ref LoadedRun? run)
    {
        if (SampleRun.StoredObject(id) is { } stored && this.blobs.IsPending(stored))
            this.PersistLocked();
        if (!id.IsRunSample)
            return SampleHasher.Hash(itemHeader, bytes) == id;
        try
        {
            if (run?.Id != SampleRun.RunOf(id))
                run = this.Repo.Blobs.Runs.Get(SampleRun.RunOf(id));
            // Another dtype or shape (the column's schema changed): not the same sample.
            return run.Holds(id, itemHeader, bytes);
        }
        catch (CorruptObjectException)
        {
            // An item past the end of its run: staged again, and verify names the damage.
            return false;
        }
    }

    private static BuiltRun BuildRun(ReadOnlySpan<int> items, DType dtype, int[] itemShape, int itemSize, ReadOnlyMemory<byte> data, Codec codec, ElementCodes? codes)
    {
        var header = BlobFormat.Header(ColumnKind.NDArray, dtype, [items.Length, .. itemShape]);
        var bytes = Gathered(items, itemSize, data);
        var id = SampleRun.RunIdOf(SampleHasher.HashStored(header, bytes.Span));
        // A run is compressed where it pays, whatever the column's default: one codec call per
        // megabyte, not per sample, and a table's numbers often have few significant digits.
        var runCodec = codec == Codec.None ? SampleRun.DefaultCodec : codec;
        var coded = runCodec == Codec.Zstd ? DictionaryCodec.Compress(bytes.Span, dtype.ItemSize(), codes is null ? default : codes.Dictionary.Span, RunCodes(items, itemSize / dtype.ItemSize(), codes)) : null;
        var packed = coded is not null && ClearlySmaller(coded.Length, bytes.Span, dtype.ItemSize())
            ? null
            : Codecs.Compress(runCodec, bytes.Span, dtype.ItemSize());
        if (coded is not null && coded.Length < (packed?.Length ?? bytes.Length))
            (packed, runCodec) = (coded, Codec.Dictionary);
        return Built(id, header, bytes, packed, runCodec);
    }

    /// <summary>A run stored compressed where that saves an eighth, as it is otherwise.</summary>
    private static BuiltRun Built(ObjectId id, byte[] header, ReadOnlyMemory<byte> bytes, byte[]? packed, Codec codec)
    {
        if (packed is not null && packed.Length > bytes.Length - (bytes.Length / 8))
            packed = null;
        var stored = packed ?? bytes;
        return new BuiltRun(id, header, stored, packed is null ? Codec.None : codec, BlobWriter.Checksum(header, stored.Span));
    }

    /// <summary>
    /// Whether a run's dictionary coding is so much smaller than ZSTD would make it, judged by ZSTD on
    /// the run's first 32 KB, that compressing the whole run a second time to compare is not worth
    /// it: it was a fifth of an import's compression (the benchmark table's floats take 14 bits with
    /// the dictionary, ~20 through ZSTD; design note 016). Runs near each other are compressed both
    /// ways. 32 KB of the table's floats compress as well as the eighth of a run judged before did
    /// (to 73 % of their size; the whole megabyte to 63 %), in a quarter of the time.
    /// </summary>
    private static bool ClearlySmaller(int codedLength, ReadOnlySpan<byte> data, int elementSize)
    {
        if (data.Length < 8 * SampleProbe)
            return false;
        int probe = SampleProbe / elementSize * elementSize;
        long estimate = (long)(Codecs.Compress(Codec.Zstd, data[..probe], elementSize)?.Length ?? probe) * data.Length / probe;
        return codedLength < estimate * 4 / 5;
    }

    /// <summary>The bytes of a run <see cref="ClearlySmaller"/> compresses to judge it; smaller runs are compressed both ways.</summary>
    private const int SampleProbe = 32 * 1024;

    /// <summary>The codes of a run's elements, when its items are consecutive in the batch (an import's are); otherwise none.</summary>
    private static ReadOnlySpan<ushort> RunCodes(ReadOnlySpan<int> items, int elementsPerItem, ElementCodes? codes) =>
        codes is null || items[^1] - items[0] != items.Length - 1
            ? default
            : codes.Codes.Span.Slice(items[0] * elementsPerItem, items.Length * elementsPerItem);

    /// <summary>
    /// The items' bytes back to back: the caller's own bytes when the items are consecutive (a batch
    /// of new keys, the usual import), copied otherwise. They are stored before the batch call returns.
    /// </summary>
    private static ReadOnlyMemory<byte> Gathered(ReadOnlySpan<int> items, int itemSize, ReadOnlyMemory<byte> data)
    {
        if (items[^1] - items[0] == items.Length - 1)
            return data.Slice(items[0] * itemSize, items.Length * itemSize);
        var bytes = GC.AllocateUninitializedArray<byte>(items.Length * itemSize);
        for (int i = 0; i < items.Length; i++)
            data.Span.Slice(items[i] * itemSize, itemSize).CopyTo(bytes.AsSpan(i * itemSize));
        return bytes;
    }

    /// <summary>A run of texts, compressed with the column's codec, or ZSTD when it has none, where that saves an eighth.</summary>
    private static BuiltRun BuildTextRun(ReadOnlySpan<int> items, ColumnKind kind, ReadOnlyMemory<byte> data, ReadOnlyMemory<int> offsets, Codec codec)
    {
        var bytes = TextRun.Data(items, data.Span, offsets.Span);
        var header = TextRun.Header(kind, items.Length, bytes.Length - items.Length);
        var id = SampleRun.RunIdOf(SampleHasher.HashStored(header, bytes));
        var runCodec = codec == Codec.None ? SampleRun.DefaultCodec : codec;
        return Built(id, header, bytes, Codecs.Compress(runCodec, bytes, 1), runCodec);
    }

    /// <summary>
    /// A batch's items as <see cref="ChangedItems"/> compares them: fixed-size items back to back under
    /// one header, or str or bytes samples between offsets, each with the header of its length.
    /// </summary>
    private readonly struct RunItems
    {
        private readonly byte[]? header;
        private readonly ColumnKind kind;
        private readonly ReadOnlyMemory<byte> data;
        private readonly ReadOnlyMemory<int> offsets;
        private readonly int itemSize;

        private RunItems(byte[]? header, ColumnKind kind, ReadOnlyMemory<byte> data, ReadOnlyMemory<int> offsets, int itemSize) =>
            (this.header, this.kind, this.data, this.offsets, this.itemSize) = (header, kind, data, offsets, itemSize);

        public static RunItems Fixed(byte[] header, ReadOnlyMemory<byte> data, int itemSize) => new(header, ColumnKind.NDArray, data, default, itemSize);

        public static RunItems Texts(ColumnKind kind, ReadOnlyMemory<byte> data, ReadOnlyMemory<int> offsets) => new(null, kind, data, offsets, 0);

        public ReadOnlySpan<byte> Bytes(int i) =>
            this.header is not null ? this.data.Span.Slice(i * this.itemSize, this.itemSize) : this.data.Span[this.offsets.Span[i]..this.offsets.Span[i + 1]];

        /// <summary>Item i's canonical header: the batch's, or written into <paramref name="scratch"/> (8 bytes) for a text.</summary>
        public ReadOnlySpan<byte> Header(int i, Span<byte> scratch)
        {
            if (this.header is not null)
                return this.header;
            int size = BlobFormat.WriteHeader(scratch, this.kind, null, [this.offsets.Span[i + 1] - this.offsets.Span[i]]);
            return scratch[..size];
        }
    }

    private sealed record BuiltRun(ObjectId Id, byte[] Header, ReadOnlyMemory<byte> Stored, Codec Codec, uint Crc);
}
