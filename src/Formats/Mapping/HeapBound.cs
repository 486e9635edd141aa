namespace Tessera.Formats.Mapping;

/// <summary>
/// Full collections between the row groups of a streaming import: once the heap, garbage included,
/// has passed both a floor and twice what the last such collection left. A row group leaves its
/// large arrays on the large object heap, which only full collections free, and the collector, left
/// to itself, let an import of the benchmark's 2,000,000-row table reach 1.6–2.0 GB resident while
/// 0.5–0.8 GB stayed on the heap after each collection, every page of the rest faulted in afresh.
/// The staged entries grow with the import, hence a bound relative to what a collection leaves; the
/// export, whose live data stays small, keeps a fixed budget (<see cref="ParquetExporter"/>).
/// </summary>
internal sealed class HeapBound(long floor)
{
    private long afterLastCollection;

    public void AfterBatch()
    {
        if (GC.GetTotalMemory(forceFullCollection: false) > Math.Max(floor, 2 * this.afterLastCollection))
            this.Collect();
    }

    /// <summary>A full collection now (after a batch large enough to be worth freeing at once).</summary>
    public void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        this.afterLastCollection = GC.GetTotalMemory(forceFullCollection: false);
    }
}
