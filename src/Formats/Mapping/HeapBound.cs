namespace Tessera.Formats.Mapping;

/// <summary>
/// Full collections between the row groups of a streaming import or export, once the heap, garbage
/// included, passes a limit set from what the last such collection left. A row group leaves its
/// large arrays on the large object heap, which only full collections free, and the collector, left
/// to itself, let an import of the benchmark's 2,000,000-row table reach 1.6–2.0 GB resident while
/// 0.5–0.8 GB stayed on the heap after each collection, every page of the rest faulted in afresh,
/// and an export of it peak at ~290 MB resident instead of ~200 MB.
/// </summary>
internal sealed class HeapBound
{
    private readonly long floor;

    /// <summary>What the process held before the export began; null for an import, whose limit doubles.</summary>
    private readonly long? start;
    private long afterLastCollection;

    private HeapBound(long floor, long? start)
    {
        this.floor = floor;
        this.start = start;
    }

    /// <summary>
    /// For an import: past both <paramref name="floor"/> and twice what the last collection left. The
    /// staged entries grow with the import; a fixed budget would collect after every row group late on.
    /// </summary>
    public static HeapBound Doubling(long floor) => new(floor, start: null);

    /// <summary>
    /// For an export, whose own data stays small: past <paramref name="budget"/> above what the process
    /// held live when the export began, measured by one full collection now. The rest of the process
    /// (a program exporting from a table it also holds in memory) is not the export's to bound: counted
    /// from zero, a process holding 280 MB ran a full collection, marking all of it, after every row group.
    /// </summary>
    public static HeapBound Above(long budget)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        return new(budget, GC.GetTotalMemory(forceFullCollection: false));
    }

    private long Limit => this.start is { } start ? start + this.floor : Math.Max(this.floor, 2 * this.afterLastCollection);

    public void AfterBatch()
    {
        if (GC.GetTotalMemory(forceFullCollection: false) > this.Limit)
            this.Collect();
    }

    /// <summary>A full collection now (after a batch large enough to be worth freeing at once).</summary>
    public void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        this.afterLastCollection = GC.GetTotalMemory(forceFullCollection: false);
    }
}
