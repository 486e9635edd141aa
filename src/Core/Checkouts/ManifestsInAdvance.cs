using System.Buffers;
using Tessera.Manifests;
using Tessera.Staging;

namespace Tessera;

/// <summary>
/// The manifests of new columns built while an operation stages them (design note 017, "Later"):
/// each batch of new keys staged into an empty column goes to a background <see cref="TreeBuilder"/>
/// as it is staged, so the leaves of an import are cut, encoded and hashed while the next row group
/// is decoded and staged, instead of all at once when the operation completes. A column stays
/// eligible while every change staged to it in the operation came in one of these batches, in
/// increasing key order, of small samples (inline or run items); anything else drops it, and the operation builds it
/// from its staged changes as before. The result is the tree those changes give: the builder cuts
/// leaves by content, whatever the batches.
/// The builders' pages are written to the database as they accumulate (<see cref="EarlyPages"/>),
/// each batch in its own transaction on a background thread, rather than all in the transaction
/// that completes the operation: inserting an import's 24,520 pages there was 100–120 ms on one
/// thread at its end. Rolled back, the operation deletes them again (the pages table's rows after
/// its mark, <see cref="Staging.StagedOperationRecord.PageRowBefore"/>); a column dropped after some
/// of its pages were written leaves those to <c>gc</c>.
/// The staging area keeps no copy of a column's changes while its builder holds them
/// (<see cref="Staging.NodeChanges.Hold"/>): an import of 2,000,000 rows of three columns kept ~250 MB
/// of keys and ids there that only its tree needed. Something that reads them before the operation
/// completes takes the column back from its builder (<see cref="Withdraw"/>).
/// </summary>
internal sealed class ManifestsInAdvance(Action<IReadOnlyDictionary<ObjectId, PendingPage>> writePages)
{
    /// <summary>Pages a column's builder holds before they are written.</summary>
    private const int EarlyPages = 1_024;

    /// <summary>Entries of a batch built before the builder's pages are looked at: about 256 leaves.</summary>
    private const int BuildSlice = 64 * 1024;

    private readonly Dictionary<string, Column> columns = [];

    /// <summary>Every column's builder, dropped or taken ones too: all are waited for before the operation ends.</summary>
    private readonly List<Column> builders = [];

    private readonly Lock writesGate = new();

    /// <summary>The writes of pages in order, each after the one before; a failure fails the rest.</summary>
    private Task writes = Task.CompletedTask;

    /// <summary>Set when the operation is rolled back: builders still running write no more pages.</summary>
    private volatile bool abandoned;

    /// <summary>
    /// Whether a batch about to be staged keeps the column eligible; call <see cref="Staged"/> once it
    /// is staged. A column left out once has staged changes from then on, so it is never taken back.
    /// </summary>
    public bool Accepts(NodeRecord node, NodeChanges before, KeyBatch keys, ReadOnlySpan<ObjectId> ids)
    {
        if (!this.columns.TryGetValue(node.Id, out var column))
            return node.HasManifest && node.Manifest.IsEmpty && before.Count == 0 && keys.Increasing([]) && AllSmall(ids);
        if (keys.Increasing(column.LastKey) && AllSmall(ids))
            return true;
        this.Drop(node.Id);
        return false;
    }

    /// <summary>Hands a staged batch that <see cref="Accepts"/> allowed to the column's builder.</summary>
    public void Staged(NodeRecord node, KeyBatch keys, ReadOnlySpan<ObjectId> ids)
    {
        if (!this.columns.TryGetValue(node.Id, out var column))
        {
            this.columns[node.Id] = column = new Column(node.Id, this.WriteEarly);
            this.builders.Add(column);
        }
        column.Add(keys, ids);
    }

    /// <summary>A change staged by another path: the column is built from its staged changes.</summary>
    public void Drop(string node) => this.columns.Remove(node);

    /// <summary>
    /// Whether the column is still being built: its changes need not be written to the staging log
    /// while the operation runs, since the built tree stands for them when it completes; a column
    /// dropped writes them all at the next flush.
    /// </summary>
    public bool IsBuilding(string node) => this.columns.ContainsKey(node);

    /// <summary>
    /// The column's manifest and its pages not yet written, when it was built from exactly the changes staged to it
    /// (<paramref name="changes"/> still the packed batches it was given); null otherwise.
    /// </summary>
    public (ManifestRef Manifest, PageBatch Pages)? Take(NodeRecord node, NodeChanges changes)
    {
        if (!this.columns.Remove(node.Id, out var column) || !changes.IsPacked || changes.Count != column.Count)
            return null;
        return column.Finish();
    }

    /// <summary>
    /// Takes a column back from its builder, taken or not: its tree as built so far and the pages
    /// not yet written, once the pages written early are in. The column is built from its staged
    /// changes from then on.
    /// </summary>
    public (ManifestRef Manifest, PageBatch Pages) Withdraw(string node)
    {
        this.columns.Remove(node);
        var column = this.builders.FindLast(c => c.Node == node)
            ?? throw new InvalidOperationException($"No builder holds the changes of {node}.");
        var built = column.Finish();
        Task written;
        lock (this.writesGate)
            written = this.writes;
        written.GetAwaiter().GetResult();
        return built;
    }

    /// <summary>
    /// Waits for every builder and every write of pages, once the columns to keep are taken;
    /// rethrows the first failure to write, which fails the operation.
    /// </summary>
    public void Complete() => this.WaitForAll().GetAwaiter().GetResult();

    /// <summary>Stops writing pages and waits for what is running, failures or not: the operation is being rolled back.</summary>
    public void Abandon()
    {
        this.abandoned = true;
        ((IAsyncResult)this.WaitForAll()).AsyncWaitHandle.WaitOne();
    }

    /// <summary>Waits for every builder, then returns the writes of pages, which builders queue until they end.</summary>
    private Task WaitForAll()
    {
        foreach (var column in this.builders)
            column.Wait();
        lock (this.writesGate)
            return this.writes;
    }

    /// <summary>Queues a column's pages to be written after those queued before.</summary>
    private void WriteEarly(IReadOnlyDictionary<ObjectId, PendingPage> pages)
    {
        lock (this.writesGate)
        {
            this.writes = this.writes.ContinueWith(
                previous =>
                {
                    previous.GetAwaiter().GetResult();
                    if (!this.abandoned)
                        writePages(pages);
                },
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Whether every id is an inline sample or a run item: a column of small samples, whose entries
    /// are most of an import's work. Entries of samples stored on their own (and removals) are left
    /// to the completion, whose pages then do not add to the memory the import holds while streaming.
    /// </summary>
    private static bool AllSmall(ReadOnlySpan<ObjectId> ids)
    {
        foreach (var id in ids)
        {
            if (!id.IsInlineSample && !id.IsRunSample)
                return false;
        }
        return true;
    }

    /// <summary>One column's builder, fed batch after batch on the thread pool, in order; its pages are handed on <see cref="EarlyPages"/> at a time.</summary>
    private sealed class Column
    {
        private readonly PageBatch pages = new(storeAhead: true);
        private readonly TreeBuilder builder;
        private readonly Action<IReadOnlyDictionary<ObjectId, PendingPage>> writeEarly;
        private Task work = Task.CompletedTask;
        private (ManifestRef, PageBatch)? finished;

        public Column(string node, Action<IReadOnlyDictionary<ObjectId, PendingPage>> writeEarly)
        {
            this.Node = node;
            this.builder = new TreeBuilder(this.pages);
            this.writeEarly = writeEarly;
        }

        public string Node { get; }

        public long Count { get; private set; }

        public byte[] LastKey { get; private set; } = [];

        public void Add(KeyBatch keys, ReadOnlySpan<ObjectId> given)
        {
            if (keys.Count == 0)
                return;
            this.Count += keys.Count;
            this.LastKey = keys.KeyArray(keys.Count - 1);
            // The caller's ids are its own again when this returns (rented for one batch).
            var ids = ArrayPool<ObjectId>.Shared.Rent(keys.Count);
            given.CopyTo(ids);
            // A failed batch fails every later one, and Finish rethrows it.
            this.work = this.work.ContinueWith(
                previous =>
                {
                    try
                    {
                        previous.GetAwaiter().GetResult();
                        // A slice at a time, so that a long batch's pages are written while the rest
                        // is built: handed on after the batch, the last row group's 4,000 leaves were
                        // written after everything else, the import's last 50 ms on one core.
                        for (int from = 0; from < keys.Count; from += BuildSlice)
                        {
                            this.builder.AddRange(keys, ids.AsSpan(0, keys.Count), from, Math.Min(keys.Count, from + BuildSlice));
                            if (this.pages.Count >= EarlyPages)
                                this.writeEarly(this.pages.Take());
                        }
                    }
                    finally
                    {
                        ArrayPool<ObjectId>.Shared.Return(ids);
                    }
                },
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        /// <summary>The column's manifest and the pages not yet handed on (the same on every call).</summary>
        public (ManifestRef, PageBatch) Finish()
        {
            if (this.finished is { } done)
                return done;
            this.work.GetAwaiter().GetResult();
            var root = this.builder.Finish();
            this.finished = (root is null ? ManifestRef.Empty : new ManifestRef(root, [], this.builder.Count, 0), this.pages);
            return this.finished.Value;
        }

        /// <summary>Waits for the batches given so far to be built, or to fail.</summary>
        public void Wait() => ((IAsyncResult)this.work).AsyncWaitHandle.WaitOne();
    }
}
