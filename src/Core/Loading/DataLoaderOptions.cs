namespace Tessera;

/// <summary>What a <see cref="DataLoader"/> reads and how it orders, batches and shards it.</summary>
public sealed record DataLoaderOptions
{
    /// <summary>The columns to read together, joined by key (at least one).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Which keys to use (default all).</summary>
    public KeySelection Keys { get; init; } = KeySelection.All;

    /// <summary>What to do when the columns hold different keys.</summary>
    public KeyJoin Join { get; init; } = KeyJoin.Exact;

    public int BatchSize { get; init; } = 32;

    /// <summary>Leave out the last batch of an epoch when it would be smaller than <see cref="BatchSize"/>.</summary>
    public bool DropLast { get; init; }

    /// <summary>A new order every epoch, the same for the same <see cref="Seed"/> and epoch; otherwise key order.</summary>
    public bool Shuffle { get; init; }

    public ulong Seed { get; init; }

    /// <summary>This worker's shard, 0 ≤ Rank &lt; WorldSize: the workers together read every sample exactly once per epoch.</summary>
    public int Rank { get; init; }

    public int WorldSize { get; init; } = 1;

    /// <summary>Batches read ahead on a background task (0: read on the caller's thread).</summary>
    public int Prefetch { get; init; } = 2;

    /// <summary>
    /// Read fixed-shape columns into the buffers of batches already consumed instead of new ones: a
    /// batch is then valid only until the next one is asked for (its accessors refuse afterwards, and
    /// arrays or spans taken from it are overwritten), and the loader keeps <c>Prefetch + 2</c>
    /// batches' buffers between epochs. It saves allocating, and the OS first touching, every batch.
    /// </summary>
    public bool ReuseBuffers { get; init; }

    /// <summary>
    /// In a partial clone, fetch the samples of the next batches from this source before they are
    /// read, over one connection per loader (a remote: <c>repo.Remotes.Samples("origin")</c> from
    /// Tessera.Remotes; null: do not fetch, and opening fails with the <c>fetch-data</c> command to run).
    /// </summary>
    public ISampleSource? FetchFrom { get; init; }

    /// <summary>
    /// How many batches are fetched in one request (the next window is fetched while these are read).
    /// Each request is stored durably (one fsync and one index transaction), so fewer, larger windows
    /// cost less: 128 batches of 64 MNIST images are 6.5 MB.
    /// </summary>
    public int FetchAhead { get; init; } = 128;
}

/// <summary>How a loader treats columns that hold different keys.</summary>
public enum KeyJoin
{
    /// <summary>The columns must hold the same keys (after the selection); anything else is an error naming a key that differs.</summary>
    Exact,

    /// <summary>Use the keys every column holds.</summary>
    Inner,
}
