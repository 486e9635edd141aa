using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Tessera.Manifests;

namespace Tessera.Storage;

/// <summary>
/// Content-addressed bookkeeping pages (manifest leaves, inner pages, deltas, node trees) in the
/// <c>pages</c> table, stored ZSTD-compressed when that saves an eighth (format section 5): a
/// table's leaves repeat sample headers and key prefixes. Pages that format 4 stored
/// Snappy-compressed still read. Each page is checked against its SHA-256 (of the uncompressed
/// bytes) when first read, then cached decoded.
/// </summary>
internal sealed class PageStore(Database db) : IDisposable
{
    /// <summary>
    /// The stored bytes of the pages the cache may hold before it starts again (decoded pages take
    /// a few times that): a budget in bytes, not pages, so that walking every leaf of a large
    /// manifest (an export of 2,000,000 rows reads ~100,000 leaves) keeps memory bounded.
    /// </summary>
    private const long CacheBytes = 32L << 20;

    /// <summary>First byte of a stored page compressed with Snappy (format 4): no page type (<c>L D I T</c>) is this byte.</summary>
    private const byte SnappyMarker = 0x01;

    /// <summary>First byte of a stored page compressed with ZSTD, what writers store since format 5.</summary>
    private const byte ZstdMarker = 0x02;

    /// <summary>Pages compressed at a time, on every core, before their rows are inserted.</summary>
    private const int WriteChunk = 4_096;

    /// <summary>
    /// Pages read by one query in a scan (<see cref="EntriesInOrder"/>): a query per page cost more
    /// than the pages themselves (~25 µs each, 2.4 s of an export of 2,000,000 rows). 256 a query
    /// was no faster and held four times the decoded entries per column (an export's working set
    /// was 50 MB higher).
    /// </summary>
    private const int ScanBatch = 64;

    /// <summary>Far above any page written (a leaf holds at most 2,048 entries); bounds a decompression.</summary>
    private const int MaxPageBytes = 64 << 20;
    private readonly ConcurrentDictionary<ObjectId, object> cache = new();

    /// <summary>About how many stored bytes the cache holds (ConcurrentDictionary.Count would take every lock).</summary>
    private long cachedBytes;
    private SqliteCommand? select;
    private SqliteCommand? exists;
    private SqliteCommand? selectMany;

    /// <summary>Hashes a page; the bytes are written by <see cref="Write"/> inside a transaction.</summary>
    public static ObjectId IdOf(byte[] data) => ObjectId.Hash(data);

    /// <summary>Stores a batch's pages (the caller holds a transaction), in the forms it computed ahead where it did.</summary>
    public void Write(PageBatch batch) => this.Write(batch.Pages);

    /// <summary>Stores pages as a batch holds them (the caller holds a transaction).</summary>
    public void Write(IReadOnlyDictionary<ObjectId, PendingPage> pages) => this.Write(pages, page => page.Stored ? page.Bytes : StoredForm(page.Bytes));

    /// <summary>Stores pages (the caller holds a transaction). Pages already present are skipped.</summary>
    public void Write(IEnumerable<KeyValuePair<ObjectId, byte[]>> pages) => this.Write(pages, StoredForm);

    private void Write<T>(IEnumerable<KeyValuePair<ObjectId, T>> pages, Func<T, byte[]> storedForm)
    {
        // Compressing runs in parallel, outside the database's lock (a commit of 2,000,000 rows writes
        // ~100,000 pages). Rows go in by id, the order of the table's index on it: inserted in hash
        // order, each row touched a random page of the index (an import of 2,000,000 rows wrote its
        // 96,000 pages in 1.9 s; 1.2 s sorted).
        foreach (var chunk in pages.OrderBy(p => p.Key).Chunk(WriteChunk))
        {
            var stored = new byte[chunk.Length][];
            Parallel.For(0, chunk.Length, i => stored[i] = storedForm(chunk[i].Value));
            lock (db.Gate)
            {
                using var cmd = db.Command("INSERT OR IGNORE INTO pages(id, data) VALUES($id, $data)");
                var id = cmd.Parameters.Add("$id", SqliteType.Blob);
                var data = cmd.Parameters.Add("$data", SqliteType.Blob);
                for (int i = 0; i < chunk.Length; i++)
                {
                    id.Value = chunk[i].Key.ToBytes();
                    data.Value = stored[i];
                    cmd.ExecuteNonQuery();
                }
            }
        }
    }

    public bool Contains(ObjectId id)
    {
        if (this.cache.ContainsKey(id))
            return true;
        lock (db.Gate)
        {
            // Prepared once: transfers ask about thousands of pages one by one.
            this.exists ??= db.Command("SELECT 1 FROM pages WHERE id = $id");
            this.exists.Parameters.Clear();
            this.exists.Parameters.AddWithValue("$id", id.ToBytes());
            return this.exists.ExecuteScalar() is not null;
        }
    }

    public EntryPage Entries(ObjectId id) => this.Get(id, static data => EntryPage.Decode(data));

    public InternalPage Internal(ObjectId id) => this.Get(id, static data => InternalPage.Decode(data));

    /// <summary>The raw bytes of a page, checked against its id.</summary>
    public byte[] Raw(ObjectId id) => this.TryRaw(id) ?? throw MissingPage(id);

    /// <summary>The raw bytes of a page, checked against its id; null when the repository does not hold it.</summary>
    public byte[]? TryRaw(ObjectId id)
    {
        object? value;
        lock (db.Gate)
        {
            this.select ??= db.Command("SELECT data FROM pages WHERE id = $id");
            this.select.Parameters.Clear();
            this.select.Parameters.AddWithValue("$id", id.ToBytes());
            value = this.select.ExecuteScalar();
        }
        return value is null or DBNull ? null : Checked(id, value).Array;
    }

    /// <summary>
    /// Leaf pages in the order of <paramref name="ids"/>, read <see cref="ScanBatch"/> to a query and
    /// checked and decoded on every core. A scan of a large manifest reads each leaf once, so what it
    /// reads is not cached (it would only evict the pages worth keeping) unless <paramref name="keep"/>
    /// says the caller will ask for these leaves again.
    /// </summary>
    public IEnumerable<EntryPage> EntriesInOrder(IReadOnlyList<ObjectId> ids, bool keep = false)
    {
        int start = 0;
        foreach (var batch in this.CheckedInOrder(ids))
        {
            var pages = new EntryPage[batch.Length];
            Parallelism.For(batch.Length, i =>
            {
                pages[i] = batch[i].Decoded ?? EntryPage.Decode(batch[i].Bytes);
                if (keep && batch[i].Decoded is null)
                    this.Keep(ids[start + i], pages[i], batch[i].Bytes.Count);
            });
            start += batch.Length;
            foreach (var page in pages)
                yield return page;
        }
    }

    /// <summary>
    /// Leaf pages in the order of <paramref name="ids"/>, <see cref="ScanBatch"/> at a time, read in
    /// one query and decompressed and checked against their ids on every core, for a scan that
    /// decodes them itself: each page is its bytes, in a buffer rented until the next batch is asked
    /// for, or the decoded page the cache already held. Nothing read is cached.
    /// </summary>
    public IEnumerable<CheckedPage[]> CheckedInOrder(IReadOnlyList<ObjectId> ids)
    {
        for (int start = 0; start < ids.Count; start += ScanBatch)
        {
            var cached = new EntryPage[Math.Min(ScanBatch, ids.Count - start)];
            var stored = this.ReadMany(ids, start, cached);
            var batch = new CheckedPage[cached.Length];
            try
            {
                Parallelism.For(batch.Length, i => batch[i] = cached[i] is { } page ? new(page, default) : new(null, Checked(ids[start + i], stored[i]!, rent: true)));
                yield return batch;
            }
            finally
            {
                for (int i = 0; i < batch.Length; i++)
                {
                    if (batch[i].Bytes.Array is { } rented && rented != stored[i])
                        ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }

    /// <summary>A page of a scan (<see cref="CheckedInOrder"/>): decoded, when the cache held it, or its checked bytes.</summary>
    public readonly record struct CheckedPage(EntryPage? Decoded, ArraySegment<byte> Bytes);

    /// <summary>
    /// The stored bytes of the pages <paramref name="ids"/>[start..] that <paramref name="cached"/>
    /// does not already hold from the cache, in one query (unused parameters repeat the first id).
    /// </summary>
    private object?[] ReadMany(IReadOnlyList<ObjectId> ids, int start, EntryPage[] cached)
    {
        var stored = new object?[cached.Length];
        var wanted = new Dictionary<ObjectId, int>(cached.Length);
        for (int i = 0; i < cached.Length; i++)
        {
            if (this.cache.TryGetValue(ids[start + i], out var hit) && hit is EntryPage page)
                cached[i] = page;
            else
                wanted.TryAdd(ids[start + i], i);
        }
        if (wanted.Count == 0)
            return stored;
        lock (db.Gate)
        {
            this.selectMany ??= this.SelectMany();
            int p = 0;
            foreach (var id in wanted.Keys)
                this.selectMany.Parameters[p++].Value = id.ToBytes();
            var first = this.selectMany.Parameters[0].Value;
            for (; p < ScanBatch; p++)
                this.selectMany.Parameters[p].Value = first;
            using var reader = this.selectMany.ExecuteReader();
            while (reader.Read())
            {
                // What is not a blob of the right size is left for Checked to call corrupt, as a single read does.
                if (reader[0] is byte[] id && id.Length == ObjectId.Size && wanted.TryGetValue(ObjectId.Read(id), out int i))
                    stored[i] = reader[1] is DBNull ? null : reader[1];
            }
        }
        for (int i = 0; i < cached.Length; i++)
        {
            if (cached[i] is null && stored[i] is null)
            {
                // A page listed twice was read once.
                if (wanted.TryGetValue(ids[start + i], out int first) && stored[first] is { } same)
                    stored[i] = same;
                else
                    throw MissingPage(ids[start + i]);
            }
        }
        return stored;
    }

    private SqliteCommand SelectMany()
    {
        var names = Enumerable.Range(0, ScanBatch).Select(i => $"$p{i}").ToList();
        var cmd = db.Command($"SELECT id, data FROM pages WHERE id IN ({string.Join(", ", names)})");
        foreach (var name in names)
            cmd.Parameters.Add(name, SqliteType.Blob);
        return cmd;
    }

    /// <summary>
    /// A stored page's bytes, decompressed and checked against its id; into a buffer from the shared
    /// pool when <paramref name="rent"/> says so (a scan of a table decompresses ~100 MB of pages,
    /// garbage at once), which the caller returns unless it is <paramref name="stored"/> itself.
    /// </summary>
    private static ArraySegment<byte> Checked(ObjectId id, object stored, bool rent = false)
    {
        if (stored is not byte[] bytes || Unpacked(bytes, rent) is not { } data)
            throw Corrupt(id);
        if (ObjectId.Hash(data) != id)
        {
            if (rent && data.Array != bytes)
                ArrayPool<byte>.Shared.Return(data.Array!);
            throw Corrupt(id);
        }
        return data;
    }

    private static CorruptObjectException Corrupt(ObjectId id) =>
        new($"Page {id.ToShortString()} is corrupt (its bytes do not hash to its id). {CorruptObjectException.VerifyAdvice}");

    private static NotFoundException MissingPage(ObjectId id) => new(ErrorCode.MissingObject,
        $"Page {id.ToShortString()} is missing from the repository. If it was cloned without data, fetch it; otherwise verify the repository.");

    /// <summary>The bytes to store for a page: compressed behind the marker when that saves an eighth.</summary>
    internal static byte[] StoredForm(byte[] page) => StoredForm(page, page);

    /// <summary>As <see cref="StoredForm(byte[])"/>, for a page encoded into a scratch buffer: one array is allocated, the one returned.</summary>
    internal static byte[] StoredForm(ReadOnlySpan<byte> page) => StoredForm(page, null);

    private static byte[] StoredForm(ReadOnlySpan<byte> page, byte[]? array)
    {
        if (page.Length < 64)
            return array ?? page.ToArray();
        // Compressed straight behind its header, in a buffer the thread keeps: an import stores
        // ~25,000 pages, and a compressed copy, a header writer and its copy per page were ~100 MB
        // of arrays for the collector to clear and reclaim.
        int bound = ZstdFrames.Bound(page.Length);
        var writer = bound <= KeptScratchBytes ? StoringScratch ??= new ByteWriter() : new ByteWriter();
        writer.Reset(1 + 10 + bound); // the marker, the length's varint (at most 10 bytes), the frame
        writer.WriteByte(ZstdMarker);
        writer.WriteVarInt((ulong)page.Length);
        int header = writer.Length;
        int packed = ZstdFrames.Compress(page, writer.Take(bound));
        if (packed > page.Length - (page.Length / 8))
            return array ?? page.ToArray();
        return writer.Written.Span[..(header + packed)].ToArray();
    }

    /// <summary>The largest buffer <see cref="StoringScratch"/> grows to (a page's compression bound): leaves and inner pages need a few KB; a large delta gets one of its own.</summary>
    private const int KeptScratchBytes = 1 << 20;

    [ThreadStatic]
    private static ByteWriter? StoringScratch;

    /// <summary>
    /// A stored page's bytes, decompressed when stored so (into an array of their length, or one
    /// rented from the shared pool when <paramref name="rent"/>: the caller returns it); null when
    /// they do not decode.
    /// </summary>
    private static ArraySegment<byte>? Unpacked(byte[] stored, bool rent)
    {
        var codec = stored.Length == 0 ? Codec.None : stored[0] switch
        {
            SnappyMarker => Codec.Snappy,
            ZstdMarker => Codec.Zstd,
            _ => Codec.None,
        };
        if (codec == Codec.None)
            return stored;
        byte[]? page = null;
        try
        {
            int pos = 1;
            int length = VarInt.ReadInt(stored, ref pos, MaxPageBytes);
            page = rent ? ArrayPool<byte>.Shared.Rent(length) : new byte[length];
            Codecs.Decompress(codec, stored.AsSpan(pos), page.AsSpan(0, length), elementSize: 1);
            return new ArraySegment<byte>(page, 0, length);
        }
        catch (CorruptObjectException)
        {
            if (rent && page is not null)
                ArrayPool<byte>.Shared.Return(page);
            return null;
        }
    }

    /// <summary>Every page id with its size, for verify, gc and summary.</summary>
    public List<(ObjectId Id, long Size)> List()
    {
        var result = new List<(ObjectId, long)>();
        lock (db.Gate)
        {
            using var cmd = db.Command("SELECT id, length(data) FROM pages");
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                result.Add((ObjectId.Read((byte[])reader[0]), reader.GetInt64(1)));
        }
        return result;
    }

    public void Forget(ObjectId id) => this.cache.TryRemove(id, out _);

    /// <summary>The row number of the last page written: an operation that writes pages before it completes marks where its own begin.</summary>
    public long LastRow()
    {
        lock (db.Gate)
            return Convert.ToInt64(db.Scalar("SELECT coalesce(max(rowid), 0) FROM pages"), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Deletes the pages written after row <paramref name="lastRow"/> (<see cref="LastRow"/>), inside
    /// the caller's transaction, and empties the cache, which may hold some of them. Pages that
    /// existed before keep their rows: a write of a page already present adds none.
    /// </summary>
    public void CutBack(long lastRow)
    {
        lock (db.Gate)
            db.Execute("DELETE FROM pages WHERE rowid > $r", ("$r", lastRow));
        this.cache.Clear();
        Interlocked.Exchange(ref this.cachedBytes, 0);
    }

    public void Dispose()
    {
        this.select?.Dispose();
        this.exists?.Dispose();
        this.selectMany?.Dispose();
    }

    private T Get<T>(ObjectId id, Func<byte[], T> decode) where T : class
    {
        if (this.cache.TryGetValue(id, out var hit) && hit is T page)
            return page;
        var raw = this.Raw(id);
        var decoded = decode(raw);
        this.Keep(id, decoded, raw.Length);
        return decoded;
    }

    private void Keep(ObjectId id, object decoded, int length)
    {
        if (Volatile.Read(ref this.cachedBytes) + length > CacheBytes)
        {
            this.cache.Clear();
            Interlocked.Exchange(ref this.cachedBytes, 0);
        }
        if (this.cache.TryAdd(id, decoded))
            Interlocked.Add(ref this.cachedBytes, length);
    }
}
