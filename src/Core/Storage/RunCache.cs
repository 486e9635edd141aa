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
    private volatile LoadedRun? last;

    public LoadedRun Get(ObjectId run)
    {
        // A scan asks for one run once per item: the run asked for last is answered without the lock.
        if (this.last is { } latest && latest.Id == run)
            return latest;
        lock (this.gate)
        {
            if (this.byId.TryGetValue(run, out var node))
            {
                this.recent.Remove(node);
                this.recent.AddFirst(node);
                return this.last = node.Value;
            }
        }
        var loaded = LoadedRun.From(run, readRun(run));
        lock (this.gate)
        {
            if (this.byId.ContainsKey(run))
                return loaded;   // another thread read it meanwhile
            this.byId[run] = this.recent.AddFirst(loaded);
            this.last = loaded;
            this.held += loaded.Bytes;
            while (this.held > CapacityBytes && this.recent.Count > 1)
            {
                var oldest = this.recent.Last!.Value;
                this.held -= oldest.Bytes;
                this.byId.Remove(oldest.Id);
                this.recent.RemoveLast();
            }
        }
        return loaded;
    }
}

/// <summary>
/// A run's items, decoded into memory this process owns (not a view of a pack that gc may replace):
/// fixed-size ndarray items back to back, or a text run's (<see cref="TextRun"/>) lengths and texts.
/// </summary>
internal sealed class LoadedRun
{
    private readonly byte[] data;

    /// <summary>A text run's item ends in its text (<see cref="TextRun.Ends"/>); null for fixed-size items.</summary>
    private readonly int[]? ends;

    private LoadedRun(ObjectId id, ColumnKind kind, DType? dtype, int[] itemShape, int itemSize, int count, byte[] data, int[]? ends)
    {
        this.Id = id;
        this.Kind = kind;
        this.DType = dtype;
        this.ItemShape = itemShape;
        this.ItemSize = itemSize;
        this.Count = count;
        this.data = data;
        this.ends = ends;
        // A text run's items have headers of their own lengths: no column header is every item's.
        this.ItemHeader = ends is null ? BlobFormat.Header(kind, dtype, itemShape) : [];
    }

    public ObjectId Id { get; }

    /// <summary>The items' kind: ndarray, or str or bytes for a text run.</summary>
    public ColumnKind Kind { get; }

    public DType? DType { get; }

    public int[] ItemShape { get; }

    /// <summary>The bytes of every item of a run of fixed-size items; 0 for a text run.</summary>
    public int ItemSize { get; }

    public int Count { get; }

    /// <summary>The bytes held.</summary>
    public long Bytes => this.data.Length + (4L * (this.ends?.Length ?? 0));

    /// <summary>The canonical header of every item of a run of fixed-size items (an ndarray of the run's dtype and item shape); empty for a text run.</summary>
    public byte[] ItemHeader { get; }

    /// <summary>
    /// The run's items over its sample's array when that array is the run's alone (a decompressed
    /// run's) or is <paramref name="scratch"/>; otherwise (a view of a pack's map) over a copy.
    /// </summary>
    public static LoadedRun From(ObjectId id, Sample run, byte[]? scratch = null)
    {
        bool texts = run.IsTextRun;
        if (!texts && (run.Kind != ColumnKind.NDArray || run.Shape.Count == 0 || run.DType is null))
            throw new CorruptObjectException($"Run {id.ToShortString()} is not an array of items. {CorruptObjectException.VerifyAdvice}");
        int count = run.Shape[0];
        int[] itemShape = texts ? [] : [.. run.Shape.Skip(1)];
        int itemSize = texts || count == 0 ? 0 : run.Bytes.Length / count;
        // A view of a pack's map is copied: gc may replace the pack.
        var data = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(run.Bytes, out var segment)
            && segment.Offset == 0 && (segment.Count == segment.Array!.Length || segment.Array == scratch) ? segment.Array : run.Bytes.ToArray();
        int[]? ends;
        try
        {
            ends = texts ? TextRun.Ends(run.Bytes.Span, count) : null;
        }
        catch (CorruptObjectException ex)
        {
            throw new CorruptObjectException($"Run {id.ToShortString()}: {ex.Message} {CorruptObjectException.VerifyAdvice}");
        }
        return new LoadedRun(id, run.Kind, run.DType, itemShape, itemSize, count, data, ends);
    }

    public ReadOnlyMemory<byte> Item(ObjectId sample)
    {
        int index = this.Index(sample);
        if (this.ends is null)
            return this.data.AsMemory(index * this.ItemSize, this.ItemSize);
        int start = index == 0 ? 0 : this.ends[index - 1];
        return this.data.AsMemory(this.Count + start, this.ends[index] - start);
    }

    public Sample Sample(ObjectId sample)
    {
        var item = this.Item(sample);
        return new(sample, this.Kind, this.DType, this.ends is null ? this.ItemShape : [item.Length], item);
    }

    /// <summary>The canonical header of item <paramref name="sample"/>.</summary>
    public byte[] HeaderOf(ObjectId sample) => this.ends is null ? this.ItemHeader : BlobFormat.Header(this.Kind, null, [this.Item(sample).Length]);

    /// <summary>Whether item <paramref name="sample"/> is the sample of this canonical header and data.</summary>
    public bool Holds(ObjectId sample, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        var item = this.Item(sample).Span;
        Span<byte> own = stackalloc byte[BlobFormat.HeaderSize(1)];
        var itemHeader = this.ends is null ? this.ItemHeader : own[..BlobFormat.WriteHeader(own, this.Kind, null, [item.Length])];
        return header.SequenceEqual(itemHeader) && item.SequenceEqual(data);
    }

    /// <summary>Copies an item's bytes, after checking that the caller's column has the item's dtype and shape.</summary>
    public void CopyItem(ObjectId sample, ReadOnlySpan<byte> header, Span<byte> destination)
    {
        if (!header.SequenceEqual(this.ItemHeader) || destination.Length != this.ItemSize)
            throw new CorruptObjectException($"Sample {sample.ToShortString()} does not have the dtype and shape of its column. {CorruptObjectException.VerifyAdvice}");
        this.Item(sample).Span.CopyTo(destination);
    }

    private int Index(ObjectId sample)
    {
        int index = SampleRun.IndexOf(sample);
        if (index >= this.Count)
            throw new CorruptObjectException($"Sample {sample.ToShortString()} names item {index} of run {this.Id.ToShortString()}, which holds {this.Count}. {CorruptObjectException.VerifyAdvice}");
        return index;
    }
}
