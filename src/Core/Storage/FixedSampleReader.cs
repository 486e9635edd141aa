using System.Buffers;

namespace Tessera.Storage;

/// <summary>
/// Reads many samples of one fixed header (a fixed-shape column's) into contiguous memory, with
/// the checks of a single read (CRC-32C and header before any byte is used). It consults the index
/// once per call and picks, per sample, the cheapest way to its bytes:
/// <list type="bullet">
/// <item>in a large read, runs of samples that lie close together in a pack are read a window at a
/// time into a buffer and copied into place: mapping every page of a freshly opened pack costs the
/// kernel more than copying them, and so (on the VMs we measure on) does a system call writing
/// straight into caller memory it has not written to before;</item>
/// <item>otherwise the memory map serves the bytes without a system call.</item>
/// </list>
/// </summary>
internal sealed unsafe class FixedSampleReader(BlobStore blobs, PackStore packs, BlobIndex index)
{
    /// <summary>Reads of at least this much go through read windows.</summary>
    private const long WindowedBytes = 4 << 20;

    private const int WindowSize = 1 << 20;

    /// <summary>
    /// Copies the samples of <paramref name="ids"/> into <paramref name="destination"/>. A
    /// <paramref name="scan"/> reads each run it meets once, into scratch memory, leaving the run
    /// cache to readers that come back to a run (the data loader's random batches).
    /// </summary>
    public void Copy(ReadOnlySpan<ObjectId> ids, ReadOnlySpan<byte> header, Span<byte> destination, int size, bool scan = false)
    {
        var rented = ids.Length <= 256 ? null : ArrayPool<BlobLocation>.Shared.Rent(ids.Length);
        try
        {
            this.Copy(ids, header, destination, size, rented is null ? stackalloc BlobLocation[ids.Length] : rented.AsSpan(0, ids.Length), scan);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<BlobLocation>.Shared.Return(rented);
        }
    }

    private void Copy(ReadOnlySpan<ObjectId> ids, ReadOnlySpan<byte> header, Span<byte> destination, int size, Span<BlobLocation> locations, bool scan)
    {
        int missing;
        while ((missing = index.TryGetMany(ids, locations)) >= 0)
        {
            if (blobs.FetchMissing?.Invoke(ids[missing]) != true)
                throw BlobStore.Missing(ids[missing]);
        }
        using var window = destination.Length >= WindowedBytes ? new Window(packs, Math.Max(WindowSize, size + 4096)) : null;
        var map = new MapCursor(packs);
        LoadedRun? run = null;
        byte[]? scratch = null;
        Span<byte> inline = stackalloc byte[ObjectId.Size];
        try
        {
            for (int i = 0; i < ids.Length; i++)
            {
                var target = destination.Slice(i * size, size);
                if (ids[i].IsRunSample)
                {
                    // Consecutive ids are mostly items of one run: one read or cache look-up per run, not per item.
                    var runId = SampleRun.RunOf(ids[i]);
                    if (run?.Id != runId)
                        run = scan ? blobs.ReadRunOnce(runId, ref scratch) : blobs.Runs.Get(runId);
                    run.CopyItem(ids[i], header, target);
                    continue;
                }
                if (ids[i].IsInlineSample)
                {
                    if (!BlobStore.TryCopyInline(ids[i], header, target, inline))
                        blobs.CopyData(ids[i], header, target);
                    continue;
                }
                var loc = locations[i];
                var stored = window is not null && window.TryGet(loc, out var windowed) ? windowed : map.Get(loc);
                if (Crc32C.Compute(stored) != loc.Crc)
                    stored = blobs.StoredBytes(ids[i], loc);
                BlobStore.CopyChecked(ids[i], stored, loc.Codec, header, target);
            }
        }
        finally
        {
            if (scratch is not null)
                ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Stored bytes through the memory map, one pack lookup per change of pack.</summary>
    private ref struct MapCursor(PackStore packs)
    {
        private int pack = -1;
        private long mapped;
        private byte* start;

        public ReadOnlySpan<byte> Get(BlobLocation loc)
        {
            if (loc.Pack != this.pack || loc.Offset + loc.Length > this.mapped)
            {
                // Mapping (or remapping a pack that grew) checks the bounds against the file.
                this.start = packs.Pointer(loc) - loc.Offset;
                this.mapped = packs.MappedLength(loc.Pack);
                this.pack = loc.Pack;
            }
            return new ReadOnlySpan<byte>(this.start + loc.Offset, loc.Length);
        }
    }

    /// <summary>
    /// A buffer holding a stretch of one pack, refilled with one system call when a sample falls
    /// outside it. It gives up (and the map serves the rest) when samples are too scattered for
    /// windows to pay: when it has read four times the bytes it served, beyond a few windows' start.
    /// </summary>
    private sealed class Window(PackStore packs, int size) : IDisposable
    {
        private readonly byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        private int pack = -1;
        private long start;
        private int length;
        private long served;
        private long read;

        public bool TryGet(BlobLocation loc, out ReadOnlySpan<byte> stored)
        {
            stored = default;
            if (loc.Length > size || this.read > (4L * size) + (4 * this.served))
                return false;
            if (loc.Pack != this.pack || loc.Offset < this.start || loc.Offset + loc.Length > this.start + this.length)
            {
                this.length = packs.ReadAt(loc.Pack, loc.Offset, this.buffer.AsSpan(0, size));
                this.pack = loc.Pack;
                this.start = loc.Offset;
                this.read += this.length;
                if (this.length < loc.Length)
                {
                    this.pack = -1;
                    return false;
                }
            }
            this.served += loc.Length;
            stored = this.buffer.AsSpan((int)(loc.Offset - this.start), loc.Length);
            return true;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(this.buffer);
    }
}
