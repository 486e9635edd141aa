namespace Tessera;

/// <summary>
/// Runs: many samples of one fixed-shape column stored as one object (design note 016). A run is
/// an ndarray sample of shape (N, *item shape) holding N items back to back; it is stored, indexed,
/// transferred and collected as one blob, under a run id: the SHA-256 of its encoding with the top
/// bit of the first byte cleared and the last four bytes zero. An item's sample id names the run
/// and the item: byte 0 is <see cref="Marker"/>, bytes 1–3 the item's index (big-endian), bytes
/// 4–31 the run id's first 28 bytes. A batch of a table's short vectors then costs one hash, one
/// pack append and one index entry, not one per sample. Short str and bytes samples have runs of
/// their own layout (<see cref="TextRun"/>) under the same ids.
/// </summary>
internal static class SampleRun
{
    public const byte Marker = 0xC0;

    /// <summary>Items per run at most (the index has 24 bits; runs stay small enough to read whole).</summary>
    public const int MaxItems = 1 << 16;

    /// <summary>Bytes of item data per run at most: a read of one item reads (and caches) its whole run.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>
    /// Samples longer than this (encoded) are stored on their own: a run pays where per-sample
    /// bookkeeping outweighs the bytes (short vectors: float32[16] is 72 bytes), while a random
    /// read or a comparison of a larger sample (a 28 x 28 image) should not read a megabyte of its neighbours.
    /// </summary>
    public const int MaxItemBytes = 256;

    /// <summary>Batches smaller than this are stored sample by sample: a run saves nothing on a few samples.</summary>
    public const int MinItems = 64;

    /// <summary>
    /// The codec of runs of a column without one, kept only when it saves an eighth. ZSTD with its
    /// byte shuffle stored the benchmark table's float32 runs in 62% of their bytes at a sixth of
    /// the CPU of Deflate's fastest level, which stored them in 86% (design note 016).
    /// </summary>
    public const Codec DefaultCodec = Codec.Zstd;

    private const int RunIdBytes = 28;

    /// <summary>The id of a run whose canonical encoding hashes (see <see cref="SampleHasher"/>) to <paramref name="hashed"/>.</summary>
    public static ObjectId RunIdOf(ObjectId hashed)
    {
        Span<byte> bytes = stackalloc byte[ObjectId.Size];
        hashed.Write(bytes);
        bytes[RunIdBytes..].Clear();
        return ObjectId.Read(bytes);
    }

    /// <summary>
    /// True when a stored blob of this canonical encoding may be stored under <paramref name="id"/>:
    /// a sample's id is its hash, a run's the hash cut to a run id, and a text run (which only runs
    /// are) has a run id. Writers before format 9 named a run of at most 31 bytes after its inline
    /// id cut to a run id; those runs still verify. A text run's lengths are the callers' to check.
    /// </summary>
    public static bool HashMatches(ObjectId id, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data, bool textRun)
    {
        var hashed = SampleHasher.HashStored(header, data);
        if (textRun)
            return RunIdOf(hashed) == id;
        return hashed == id || RunIdOf(hashed) == id
            || (header.Length + data.Length <= SampleHasher.InlineMax && RunIdOf(SampleHasher.Hash(header, data)) == id);
    }

    public static ObjectId ItemId(ObjectId run, int index)
    {
        if ((uint)index >= MaxItems)
            throw new ArgumentOutOfRangeException(nameof(index));
        return run.AfterWord(((uint)Marker << 24) | (uint)index);
    }

    /// <summary>The run an item's sample id names.</summary>
    public static ObjectId RunOf(ObjectId item) => item.WithoutFirstWord();

    public static int IndexOf(ObjectId item) => (int)(item.FirstWord & 0xFF_FFFF);

    /// <summary>
    /// The object that holds a sample's bytes: the sample itself, its run, or none (a removal or
    /// an inline sample, held in its id). What reachability, transfers, verify and gc follow.
    /// </summary>
    public static ObjectId? StoredObject(ObjectId sample) =>
        sample.IsZero || sample.IsInlineSample ? null : sample.IsRunSample ? RunOf(sample) : sample;
}
