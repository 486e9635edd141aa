namespace Tessera.Storage;

/// <summary>
/// Where every local blob lives. Persisted as batches of fixed-size entries in the
/// <c>blob_index</c> table (one row per write batch, never one per blob: rows cost ~5 µs each),
/// loaded lazily into memory and topped up with batches written since. Whatever reads the table
/// takes the database's gate before this index's own lock, the order a transaction adding a
/// batch takes them in: the other order deadlocks a server answering "have?" while it receives.
/// </summary>
internal sealed class BlobIndex(Database db)
{
    private readonly Dictionary<ObjectId, BlobLocation> entries = [];
    private readonly Lock gate = new();
    private long loadedBatch = -1;
    private string? loadedGeneration;
    private bool loaded;

    public int Count => this.Refreshed(() => this.entries.Count);

    /// <summary>
    /// Looks a blob up; on a miss, reads the batches other processes wrote since the last look.
    /// </summary>
    public bool TryGet(ObjectId id, out BlobLocation location)
    {
        lock (this.gate)
        {
            if (this.entries.TryGetValue(id, out location))
                return true;
        }
        return this.TryGetFresh(id, out location);
    }

    public bool Contains(ObjectId id) => this.TryGet(id, out _);

    /// <summary>
    /// Looks up many blobs under one lock (a batched read); returns the position of the first that
    /// is not indexed even after reading what other processes wrote, or -1. Inline and run sample ids are skipped.
    /// </summary>
    public int TryGetMany(ReadOnlySpan<ObjectId> ids, Span<BlobLocation> locations)
    {
        lock (this.gate)
        {
            if (this.FirstMissing(ids, locations) < 0)
                return -1;
        }
        lock (db.Gate)
        {
            lock (this.gate)
            {
                this.Refresh();
                return this.FirstMissing(ids, locations);
            }
        }
    }

    private int FirstMissing(ReadOnlySpan<ObjectId> ids, Span<BlobLocation> locations)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            if (!ids[i].IsInlineSample && !ids[i].IsRunSample && !this.entries.TryGetValue(ids[i], out locations[i]))
                return i;
        }
        return -1;
    }

    /// <summary>Looks a blob up after reading what changed in the index (a gc or a roll-back may have moved it).</summary>
    public bool TryGetFresh(ObjectId id, out BlobLocation location)
    {
        lock (db.Gate)
        {
            lock (this.gate)
            {
                this.Refresh();
                return this.entries.TryGetValue(id, out location);
            }
        }
    }

    /// <summary>
    /// The writer's dedup test: no database read on a miss, since the writer holds the lock and
    /// every batch written since it opened went through <see cref="AddBatch"/>.
    /// </summary>
    public bool ContainsLoaded(ObjectId id)
    {
        lock (this.gate)
        {
            if (this.loaded)
                return this.entries.ContainsKey(id);
        }
        this.Load();
        lock (this.gate)
        {
            return this.entries.ContainsKey(id);
        }
    }

    /// <summary>Reads every batch written so far (the writer calls this once when it takes the lock).</summary>
    public void Load() => this.Refreshed(() => 0);

    /// <summary>All entries (a snapshot), for verify and gc.</summary>
    public List<KeyValuePair<ObjectId, BlobLocation>> Snapshot() => this.Refreshed(() => new List<KeyValuePair<ObjectId, BlobLocation>>(this.entries));

    /// <summary>Writes one batch row; the caller is inside a transaction. Entries become visible at once.</summary>
    public void AddBatch(int pack, ReadOnlySpan<(ObjectId Id, BlobLocation Location)> batch)
    {
        if (batch.IsEmpty)
            return;
        var data = new byte[batch.Length * BlobLocation.EntrySize];
        for (int i = 0; i < batch.Length; i++)
            BlobLocation.Write(data.AsSpan(i * BlobLocation.EntrySize), batch[i].Id, batch[i].Location);
        lock (db.Gate)
        {
            db.Execute("INSERT INTO blob_index(pack, data) VALUES($p, $d)", ("$p", pack), ("$d", data));
        }
        lock (this.gate)
        {
            Capacity.Grow(this.entries, batch.Length);
            foreach (var (id, loc) in batch)
                this.entries.TryAdd(id, loc);
        }
    }

    /// <summary>Forgets everything loaded, so the next lookup reloads (after gc rewrote the index).</summary>
    public void Invalidate()
    {
        lock (this.gate)
        {
            this.entries.Clear();
            this.loadedBatch = -1;
            this.loaded = false;
        }
    }

    /// <summary>
    /// Marks the index as rewritten (gc) or cut back (an operation rolled back), inside the
    /// caller's transaction: batch numbers may then be reused, so every reader reloads it whole.
    /// </summary>
    public static void BumpGeneration(Database db)
    {
        lock (db.Gate)
        {
            db.SetMeta(GenerationKey, Guid.NewGuid().ToString("N"));
        }
    }

    private const string GenerationKey = "index_generation";

    /// <summary>Runs <paramref name="read"/> on the index after reading what changed, holding both locks in the one order.</summary>
    private T Refreshed<T>(Func<T> read)
    {
        lock (db.Gate)
        {
            lock (this.gate)
            {
                this.Refresh();
                return read();
            }
        }
    }

    private void Refresh()
    {
        this.loaded = true;
        lock (db.Gate)
        {
            string? generation = db.GetMeta(GenerationKey);
            if (generation != this.loadedGeneration)
            {
                this.entries.Clear();
                this.loadedBatch = -1;
                this.loadedGeneration = generation;
            }
            using var cmd = db.Command("SELECT batch, data FROM blob_index WHERE batch > $b ORDER BY batch", ("$b", this.loadedBatch));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                this.loadedBatch = reader.GetInt64(0);
                var data = (byte[])reader[1];
                for (int off = 0; off + BlobLocation.EntrySize <= data.Length; off += BlobLocation.EntrySize)
                {
                    var (id, loc) = BlobLocation.Read(data.AsSpan(off));
                    this.entries[id] = loc;
                }
            }
        }
    }
}
