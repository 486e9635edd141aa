namespace Tessera.Storage;

/// <summary>
/// Appends new blobs to the writer's pack and remembers their index entries until the staging
/// area flushes them (with the staged keys) in one transaction. Used under the writer's lock.
/// </summary>
internal sealed class BlobWriter(Database db, PackStore packs, BlobIndex index) : IDisposable
{
    /// <summary>Start syncing in the background once this many bytes were written since the last sync.</summary>
    private const long EarlySyncBytes = 16L << 20;
    private static readonly byte[] Padding = new byte[8];
    private Task earlySync = Task.CompletedTask;
    private long bytesSinceSync;
    private readonly List<(ObjectId Id, BlobLocation Location)> pending = [];
    private readonly HashSet<ObjectId> pendingIds = [];
    private readonly HashSet<int> unsynced = [];
    private FileStream? stream;
    private int pack;

    /// <summary>Where the bytes of the current pack that the index names end (what <see cref="Discard"/> keeps).</summary>
    private long indexedEnd;

    public int PendingCount => this.pending.Count;

    /// <summary>Room for <paramref name="blobs"/> more pending entries, so a large batch does not grow them by doubling.</summary>
    public void Reserve(int blobs)
    {
        this.pending.EnsureCapacity(this.pending.Count + blobs);
        Capacity.Grow(this.pendingIds, blobs);
    }

    public bool IsPending(ObjectId id) => this.pendingIds.Contains(id);

    public bool Has(ObjectId id) => this.pendingIds.Contains(id) || index.ContainsLoaded(id);

    /// <summary>The CRC-32C an index entry records for stored bytes (computed by callers outside the writer's lock).</summary>
    public static uint Checksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data) => Crc32C.Compute(header, data);

    /// <summary>Appends a blob's stored bytes (header then possibly compressed data) with their <see cref="Checksum"/>.</summary>
    public void Append(ObjectId id, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data, Codec codec, uint crc)
    {
        var stream = this.Stream();
        long offset = stream.Position;
        stream.Write(header);
        stream.Write(data);
        int length = header.Length + data.Length;
        int pad = (int)(-(offset + length) & 7);
        stream.Write(Padding, 0, pad);
        this.bytesSinceSync += length + pad;
        var loc = new BlobLocation(this.pack, offset, length, codec, crc);
        this.pending.Add((id, loc));
        this.pendingIds.Add(id);
    }

    /// <summary>Hands the pack bytes to the OS and records the pending index entries (inside the caller's transaction).</summary>
    public void FlushIndex()
    {
        if (this.pending.Count == 0)
            return;
        this.stream!.Flush();
        lock (db.Gate)
        {
            db.Execute("INSERT OR IGNORE INTO packs(id, name) VALUES($id, $name)", ("$id", this.pack), ("$name", Path.GetFileName(packs.PathOf(this.pack))));
        }
        // Entries are pending in append order, so each pack's are contiguous (a batch spans two packs
        // only where one filled up): a row per stretch, recorded from the list in place. Grouping
        // and copying them cost two thirds as much as recording them, in a profile of 70,000 images.
        var pending = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(this.pending);
        for (int start = 0; start < pending.Length;)
        {
            int pack = pending[start].Location.Pack, end = start + 1;
            while (end < pending.Length && pending[end].Location.Pack == pack)
                end++;
            index.AddBatch(pack, pending[start..end]);
            start = end;
        }
        this.pending.Clear();
        this.pendingIds.Clear();
        this.indexedEnd = this.stream.Position;
        this.SyncInBackground();
    }

    /// <summary>
    /// Once enough bytes were written since the last sync, lets the disk catch up while the writer
    /// goes on (hashing, receiving), so the final <see cref="Sync"/> has little left to do.
    /// fsync on any descriptor flushes the whole file.
    /// </summary>
    public void SyncInBackground()
    {
        if (this.stream is null || this.bytesSinceSync < EarlySyncBytes || !this.earlySync.IsCompleted)
            return;
        this.stream.Flush();
        this.bytesSinceSync = 0;
        var path = packs.PathOf(this.pack);
        // On a thread of its own: a pool thread blocked in fsync is one fewer for the writer's parallel loops.
        this.earlySync = Task.Factory.StartNew(() =>
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            fs.Flush(flushToDisk: true);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Forces written packs to stable storage (before a commit names their blobs).</summary>
    public void Sync()
    {
        this.earlySync.Wait();
        this.bytesSinceSync = 0;
        this.stream?.Flush(flushToDisk: true);
        foreach (int p in this.unsynced.Where(p => p != this.pack))
        {
            using var fs = new FileStream(packs.PathOf(p), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            fs.Flush(flushToDisk: true);
        }
        this.unsynced.Clear();
    }

    /// <summary>
    /// Where the packs end now (after handing every pending blob to the OS): what an operation
    /// that fails later cuts them back to (<see cref="PackMark.CutBack"/>).
    /// </summary>
    public PackMark Mark()
    {
        this.stream?.Flush();
        lock (db.Gate)
        {
            int pack = this.stream is not null ? this.pack
                : Convert.ToInt32(db.Scalar("SELECT coalesce(max(id), 0) FROM packs"), System.Globalization.CultureInfo.InvariantCulture);
            long batch = Convert.ToInt64(db.Scalar("SELECT coalesce(max(batch), 0) FROM blob_index"), System.Globalization.CultureInfo.InvariantCulture);
            var file = new FileInfo(packs.PathOf(pack));
            return new PackMark(pack, pack == 0 || !file.Exists ? 0 : file.Length, batch);
        }
    }

    /// <summary>
    /// Forgets blobs written but not indexed, closes the pack without writing what is still
    /// buffered, and frees the bytes that reached it (after a failed write, say on a full disk);
    /// the next append reopens the pack at its end.
    /// </summary>
    public void Discard()
    {
        var unindexed = this.stream is null ? (PackMark?)null : new PackMark(this.pack, this.indexedEnd, 0);
        this.pending.Clear();
        this.pendingIds.Clear();
        try
        {
            this.earlySync.Wait();
        }
        catch (AggregateException)
        {
        }
        try
        {
            this.stream?.Dispose();
        }
        catch (IOException)
        {
            // What the buffer held is garbage past the mark; the cut-back removes whatever reached the file.
        }
        this.stream = null;
        this.bytesSinceSync = 0;
        unindexed?.FreeBytes(packs);
    }

    public void Dispose()
    {
        this.earlySync.Wait();
        this.stream?.Dispose();
    }

    private FileStream Stream()
    {
        if (this.stream is not null && this.stream.Position < PackStore.MaxPackSize)
            return this.stream;
        if (this.stream is not null)
        {
            this.stream.Flush(flushToDisk: true);
            this.stream.Dispose();
            this.pack++;
        }
        else
        {
            lock (db.Gate)
            {
                this.pack = Convert.ToInt32(db.Scalar("SELECT coalesce(max(id), 0) FROM packs"), System.Globalization.CultureInfo.InvariantCulture);
            }
            if (this.pack == 0 || new FileInfo(packs.PathOf(this.pack)) is { Exists: true, Length: >= PackStore.MaxPackSize })
                this.pack++;
        }
        this.stream = packs.OpenForAppend(this.pack);
        this.indexedEnd = this.stream.Position;
        this.unsynced.Add(this.pack);
        return this.stream;
    }
}
