using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Tessera.Loading;
using Tessera.Storage;

namespace Tessera;

/// <summary>
/// Feeds one version of a dataset to training: columns joined by key, a key selection, batches,
/// a deterministic shuffle per epoch, shards for several workers, and batches read ahead on a
/// background task into a bounded queue. It reads the view it was given — a commit
/// (<see cref="Repository.Checkout"/>) or the staging area — so what a model trains on is exactly
/// that version, whatever is committed meanwhile.
/// </summary>
/// <remarks>
/// Memory: at most <see cref="DataLoaderOptions.Prefetch"/> batches wait in the queue, one is being
/// read and one is held by the caller; nothing else is kept per epoch but the keys and content ids.
/// </remarks>
public sealed class DataLoader
{
    private readonly Repository repo;
    private readonly DataLoaderOptions options;
    private readonly LoaderColumn[] columns;
    private readonly SampleKey[] keys;
    private int batchesRead;

    public DataLoader(IReadView view, DataLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(view);
        this.repo = view.Repository;
        this.options = Check(options);
        this.columns = [.. options.Columns.Select(c => LoaderColumn.Open(view, c, options.BatchSize))];
        (this.keys, var ids) = Join(view, this.columns, options);
        for (int c = 0; c < this.columns.Length; c++)
            this.columns[c].Ids = ids[c];
        this.Missing = this.CountMissing();
        if (this.Missing > 0 && options.FetchFrom is null)
        {
            var missing = new NotFoundException(ErrorCode.MissingObject,
                $"{this.Missing} sample(s) of these columns are not in this partial clone. Fetch them first (for each column), or let the loader fetch them as it reads (FetchFrom = repo.Remotes.Samples(\"origin\") with Tessera.Remotes).")
                .With(ErrorDetail.Path, this.columns[0].Path);
            throw view.Commit is { } commit ? missing.With(ErrorDetail.Revision, commit.ShortId) : missing;
        }
    }

    /// <summary>Every selected key (all shards), in key order.</summary>
    public IReadOnlyList<SampleKey> Keys => this.keys;

    /// <summary>How many samples this shard reads per epoch.</summary>
    public int SamplesPerEpoch => ShardSize(this.keys.Length, this.options.Rank, this.options.WorldSize);

    public int BatchesPerEpoch => this.options.DropLast
        ? this.SamplesPerEpoch / this.options.BatchSize
        : (this.SamplesPerEpoch + this.options.BatchSize - 1) / this.options.BatchSize;

    /// <summary>Batches read so far, all epochs (what tests of the prefetch bound watch).</summary>
    internal int BatchesRead => this.batchesRead;

    /// <summary>How many selected samples were not stored here when the loader opened (a partial clone).</summary>
    public long Missing { get; private set; }

    /// <summary>The batches of one epoch, read ahead on a background task.</summary>
    public IEnumerable<Batch> Epoch(int epoch = 0, CancellationToken cancellation = default) =>
        this.EpochAsync(epoch, cancellation).ToBlockingEnumerable(cancellation);

    /// <summary>The batches of one epoch, read ahead on a background task.</summary>
    public async IAsyncEnumerable<Batch> EpochAsync(int epoch = 0, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        if (epoch < 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Epochs count from 0; {epoch} is not one.");
        var order = EpochOrder.Positions(this.keys.Length, this.options.Shuffle, this.options.Seed, epoch, this.options.Rank, this.options.WorldSize);
        if (this.options.Prefetch == 0)
        {
            using var fetcher = this.OpenFetcher();
            for (int b = 0; b < this.BatchesPerEpoch; b++)
            {
                cancellation.ThrowIfCancellationRequested();
                fetcher?.Ensure(order, b, this.options);
                var batch = this.Read(epoch, b, order);
                yield return batch;
                this.Recycle(batch);
            }
            yield break;
        }
        var queue = Channel.CreateBounded<Batch>(new BoundedChannelOptions(this.options.Prefetch) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var producer = Task.Run(() => this.Produce(queue.Writer, epoch, order, stop.Token), stop.Token);
        try
        {
            await foreach (var batch in queue.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                yield return batch;
                this.Recycle(batch);
            }
            await producer.ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task Produce(ChannelWriter<Batch> writer, int epoch, int[] order, CancellationToken cancellation)
    {
        try
        {
            using var fetcher = this.OpenFetcher();
            for (int b = 0; b < this.BatchesPerEpoch; b++)
            {
                cancellation.ThrowIfCancellationRequested();
                fetcher?.Ensure(order, b, this.options);
                await writer.WriteAsync(this.Read(epoch, b, order), cancellation).ConfigureAwait(false);
            }
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
        }
    }

    private Batch Read(int epoch, int index, int[] order)
    {
        int first = index * this.options.BatchSize;
        int count = Math.Min(this.options.BatchSize, order.Length - first);
        var positions = order.AsSpan(first, count);
        var batchKeys = new SampleKey[count];
        for (int i = 0; i < count; i++)
            batchKeys[i] = this.keys[positions[i]];
        var data = new Dictionary<string, object>(this.columns.Length);
        var schemas = new Dictionary<string, ColumnSchema>(this.columns.Length);
        foreach (var column in this.columns)
        {
            data[column.Path] = column.Read(this.repo.Blobs, positions);
            schemas[column.Path] = column.Schema;
        }
        Interlocked.Increment(ref this.batchesRead);
        return new Batch(epoch, index, batchKeys, data, schemas);
    }

    /// <summary>The caller has asked for the next batch: with <see cref="DataLoaderOptions.ReuseBuffers"/>, this one's buffers serve a later batch.</summary>
    private void Recycle(Batch batch)
    {
        if (!this.options.ReuseBuffers)
            return;
        var data = batch.Recycle();
        foreach (var column in this.columns)
            column.Return(data[column.Path]);
    }

    private Prefetcher? OpenFetcher() =>
        this.Missing > 0 && this.options.FetchFrom is { } source ? new Prefetcher(this.repo, source, this.columns) : null;

    private long CountMissing()
    {
        this.repo.Index.Load();
        return this.columns.Sum(c => c.Ids.LongCount(id => SampleRun.StoredObject(id) is { } stored && !this.repo.Index.ContainsLoaded(stored)));
    }

    private static int ShardSize(int count, int rank, int worldSize) => (count - rank + worldSize - 1) / worldSize;

    private static DataLoaderOptions Check(DataLoaderOptions options)
    {
        if (options.Columns.Count == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, "A loader reads at least one column: set Columns.");
        if (options.BatchSize <= 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"The batch size is {options.BatchSize}; it must be at least 1.");
        if (options.WorldSize < 1 || options.Rank < 0 || options.Rank >= options.WorldSize)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Rank {options.Rank} of {options.WorldSize} workers is out of range: 0 ≤ Rank < WorldSize, WorldSize ≥ 1.");
        if (options.Prefetch < 0 || options.FetchAhead < 1)
            throw new InvalidInputException(ErrorCode.InvalidArgument, "Prefetch is 0 or more batches, FetchAhead 1 or more.");
        if (options.Columns.Select(Names.NormalizePath).Distinct(StringComparer.Ordinal).Count() != options.Columns.Count)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"A column is named twice in {string.Join(", ", options.Columns)}.");
        return options;
    }

    /// <summary>The selected keys every column holds (in key order), and each column's content ids for them.</summary>
    private static (SampleKey[] Keys, ObjectId[][] Ids) Join(IReadView view, LoaderColumn[] columns, DataLoaderOptions options)
    {
        var maps = columns.Select(c => c.Entries).ToArray();
        var selected = options.Keys.Apply(maps[0].Keys, view, columns[0].Path).ToHashSet();
        for (int c = 1; c < maps.Length; c++)
        {
            var theirs = options.Keys.Apply(maps[c].Keys, view, columns[c].Path).ToHashSet();
            if (options.Join == KeyJoin.Exact && !theirs.SetEquals(selected))
            {
                var (only, where, notIn) = selected.Except(theirs).Select(k => (k, columns[0].Path, columns[c].Path))
                    .Concat(theirs.Except(selected).Select(k => (k, columns[c].Path, columns[0].Path))).First();
                throw new InvalidInputException(ErrorCode.InvalidArgument,
                    $"Columns {columns[0].Path} ({selected.Count} keys) and {columns[c].Path} ({theirs.Count} keys) hold different keys: key {only} is in {where}, not in {notIn}. Select keys they share, or ask for an inner join (Join = KeyJoin.Inner).");
            }
            selected.IntersectWith(theirs);
        }
        var keys = selected.Order().ToArray();
        var ids = maps.Select(map => keys.Select(k => map[k]).ToArray()).ToArray();
        return (keys, ids);
    }

    /// <summary>One column of a loader: its schema, and the content id of each selected key (in key order).</summary>
    private sealed class LoaderColumn
    {
        /// <summary>Buffers of whole batches handed back (<see cref="DataLoaderOptions.ReuseBuffers"/>).</summary>
        private readonly System.Collections.Concurrent.ConcurrentQueue<Array> free = new();

        private readonly int batchSize;

        private LoaderColumn(string path, ColumnSchema schema, Dictionary<SampleKey, ObjectId> entries, int batchSize)
        {
            this.batchSize = batchSize;
            this.Path = path;
            this.Schema = schema;
            this.Entries = entries;
        }

        public string Path { get; }

        public ColumnSchema Schema { get; }

        public Dictionary<SampleKey, ObjectId> Entries { get; }

        public ObjectId[] Ids { get; set; } = [];

        public static LoaderColumn Open(IReadView view, string path, int batchSize)
        {
            var node = view.Node(path);
            if (node.Kind != NodeKind.Column)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"{node.Path} is {(node.Kind == NodeKind.Array ? "an array" : "a group")}; a loader reads columns (an array's rows: ArrayReader.ReadRows).");
            var column = view.Column(path);
            if (column.Schema.Layout == ColumnLayout.Nested)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"Column {column.Path} is nested (KEY/SUBKEY); a loader reads flat columns, one sample per key.");
            var entries = new Dictionary<SampleKey, ObjectId>();
            foreach (var (key, _, id) in column.Entries())
                entries[key] = id;
            return new LoaderColumn(column.Path, column.Schema, entries, batchSize);
        }

        public object Read(BlobStore blobs, ReadOnlySpan<int> positions)
        {
            var ids = new ObjectId[positions.Length];
            for (int i = 0; i < ids.Length; i++)
                ids[i] = this.Ids[positions[i]];
            switch (this.Schema.Kind)
            {
                case ColumnKind.Str:
                    return ids.Select(id => Encoding.UTF8.GetString(blobs.Read(id).Bytes.Span)).ToArray();
                case ColumnKind.Bytes:
                    return ids.Select(id => blobs.Read(id).Bytes.ToArray()).ToArray();
                case ColumnKind.NDArray when this.Schema.VariableShape:
                    return ids.Select(id => SampleCopier.CopyAny(blobs, id)).ToArray();
            }
            var dtype = this.Schema.DType!.Value;
            var values = this.Buffer(ids.Length);
            var bytes = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(values), checked((int)(ids.Length * this.Schema.ElementCount * dtype.ItemSize())));
            SampleCopier.CopyFixed(blobs, this.Schema, ids, bytes);
            return values;
        }

        /// <summary>Keeps a consumed batch's buffer for a later batch, if it is a fixed-shape column's buffer of a whole batch.</summary>
        public void Return(object data)
        {
            if (data is Array values && this.Schema.Kind == ColumnKind.NDArray && !this.Schema.VariableShape && values.LongLength == this.Length(this.batchSize))
                this.free.Enqueue(values);
        }

        /// <summary>A buffer for <paramref name="count"/> samples: a handed-back one when it is a whole batch and there is one.</summary>
        private Array Buffer(int count)
        {
            if (count == this.batchSize && this.free.TryDequeue(out var reused))
                return reused;
            var dtype = this.Schema.DType!.Value;
            return System.Array.CreateInstance(dtype.ClrType() ?? typeof(byte), this.Length(count));
        }

        /// <summary>The length of a buffer of <paramref name="count"/> samples: elements, or bytes for a dtype without a .NET type.</summary>
        private long Length(int count)
        {
            var dtype = this.Schema.DType!.Value;
            long elements = count * this.Schema.ElementCount;
            return dtype.ClrType() is null ? elements * dtype.ItemSize() : elements;
        }
    }

    /// <summary>
    /// In a partial clone: the samples of the next <c>FetchAhead</c> batches are fetched in one
    /// request over one connection, and while a window's batches are read, the next window is fetched
    /// in the background; a batch is read only once its window has arrived.
    /// </summary>
    private sealed class Prefetcher(Repository repo, ISampleSource source, LoaderColumn[] columns) : IDisposable
    {
        private readonly ISampleConnection connection = source.Connect();
        private int window = -1;
        private (int Window, Task Fetch)? next;

        public void Ensure(int[] order, int batch, DataLoaderOptions options)
        {
            int wanted = batch / options.FetchAhead;
            if (wanted == this.window)
                return;
            if (this.next is { } pending && pending.Window == wanted)
                pending.Fetch.GetAwaiter().GetResult();
            else
                this.Fetch(order, wanted, options);
            this.window = wanted;
            this.next = null;
            if ((wanted + 1) * options.FetchAhead * options.BatchSize < order.Length)
                this.next = (wanted + 1, Task.Run(() => this.Fetch(order, wanted + 1, options)));
        }

        public void Dispose()
        {
            try
            {
                this.next?.Fetch.Wait();
            }
            catch (AggregateException)
            {
            }
            this.connection.Dispose();
        }

        private void Fetch(int[] order, int window, DataLoaderOptions options)
        {
            int from = window * options.FetchAhead * options.BatchSize;
            int to = Math.Min(order.Length, from + (options.FetchAhead * options.BatchSize));
            var wanted = new HashSet<ObjectId>();
            for (int p = from; p < to; p++)
            {
                foreach (var column in columns)
                {
                    if (SampleRun.StoredObject(column.Ids[order[p]]) is { } stored && !repo.Index.ContainsLoaded(stored))
                        wanted.Add(stored);
                }
            }
            if (wanted.Count > 0)
                this.connection.Fetch([.. wanted]);
        }
    }
}
