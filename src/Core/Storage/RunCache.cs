namespace Tessera.Storage;

/// <summary>
/// Runs (<see cref="SampleRun"/>) read whole, checked once and kept decoded for the next reads:
/// readers go through a run item after item (an export, the data loader, a diff of a column), so
/// one read of a run serves all of them. Up to 64 MiB of runs are kept (a column of 2,000,000
/// float32[16] is 128 MiB), the least recently used dropped.
/// </summary>
internal sealed class RunCache(Func<ObjectId, Sample> readRun)
{
    private const long CapacityBytes = 64L << 20;
    private readonly Lock gate = new();
    private readonly LinkedList<LoadedRun> recent = new();
    private readonly Dictionary<ObjectId, LinkedListNode<LoadedRun>> byId = [];
    private long held;

    public LoadedRun Get(ObjectId run)
    {
        lock (this.gate)
        {
            if (this.byId.TryGetValue(run, out var node))
            {
                this.recent.Remove(node);
                this.recent.AddFirst(node);
                return node.Value;
            }
        }
        var loaded = LoadedRun.From(run, readRun(run));
        lock (this.gate)
        {
            if (this.byId.ContainsKey(run))
                return loaded;   // another thread read it meanwhile
            this.byId[run] = this.recent.AddFirst(loaded);
            this.held += loaded.Bytes;
            while (this.held > CapacityBytes && this.recent.Count > 1)
            {
                var last = this.recent.Last!.Value;
                this.held -= last.Bytes;
                this.byId.Remove(last.Id);
                this.recent.RemoveLast();
            }
        }
        return loaded;
    }
}

/// <summary>A run's items, decoded into memory this process owns (not a view of a pack that gc may replace).</summary>
internal sealed class LoadedRun
{
    private readonly byte[] data;

    private LoadedRun(ObjectId id, DType dtype, int[] itemShape, int itemSize, int count, byte[] data)
    {
        this.Id = id;
        this.DType = dtype;
        this.ItemShape = itemShape;
        this.ItemSize = itemSize;
        this.Count = count;
        this.data = data;
        this.ItemHeader = BlobFormat.Header(ColumnKind.NDArray, dtype, itemShape);
    }

    public ObjectId Id { get; }

    public DType DType { get; }

    public int[] ItemShape { get; }

    public int ItemSize { get; }

    public int Count { get; }

    /// <summary>The item bytes held.</summary>
    public long Bytes => this.data.Length;

    /// <summary>The canonical header of every item: an ndarray of the run's dtype and item shape.</summary>
    public byte[] ItemHeader { get; }

    /// <summary>
    /// The run's items over its sample's array when that array is the run's alone (a decompressed
    /// run's) or is <paramref name="scratch"/>; otherwise (a view of a pack's map) over a copy.
    /// </summary>
    public static LoadedRun From(ObjectId id, Sample run, byte[]? scratch = null)
    {
        if (run.Kind != ColumnKind.NDArray || run.Shape.Count == 0 || run.DType is not { } dtype)
            throw new CorruptObjectException($"Run {id.ToShortString()} is not an array of items. {CorruptObjectException.VerifyAdvice}");
        int count = run.Shape[0];
        int[] itemShape = [.. run.Shape.Skip(1)];
        int itemSize = count == 0 ? 0 : run.Bytes.Length / count;
        // A view of a pack's map is copied: gc may replace the pack.
        var data = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(run.Bytes, out var segment)
            && segment.Offset == 0 && (segment.Count == segment.Array!.Length || segment.Array == scratch) ? segment.Array : run.Bytes.ToArray();
        return new LoadedRun(id, dtype, itemShape, itemSize, count, data);
    }

    public ReadOnlyMemory<byte> Item(ObjectId sample) => this.data.AsMemory(this.Offset(sample), this.ItemSize);

    public Sample Sample(ObjectId sample) => new(sample, ColumnKind.NDArray, this.DType, this.ItemShape, this.Item(sample));

    /// <summary>Copies an item's bytes, after checking that the caller's column has the item's dtype and shape.</summary>
    public void CopyItem(ObjectId sample, ReadOnlySpan<byte> header, Span<byte> destination)
    {
        if (!header.SequenceEqual(this.ItemHeader) || destination.Length != this.ItemSize)
            throw new CorruptObjectException($"Sample {sample.ToShortString()} does not have the dtype and shape of its column. {CorruptObjectException.VerifyAdvice}");
        this.data.AsSpan(this.Offset(sample), this.ItemSize).CopyTo(destination);
    }

    private int Offset(ObjectId sample)
    {
        int index = SampleRun.IndexOf(sample);
        if (index >= this.Count)
            throw new CorruptObjectException($"Sample {sample.ToShortString()} names item {index} of run {this.Id.ToShortString()}, which holds {this.Count}. {CorruptObjectException.VerifyAdvice}");
        return index * this.ItemSize;
    }
}
