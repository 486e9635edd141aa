using System.Buffers;

namespace Tessera.Storage;

/// <summary>
/// Reads many samples of one fixed header (a fixed-shape column's) into contiguous memory, with
/// the checks of a single read (CRC-32C and header before any byte is used). It consults the index
/// once per call and picks, per sample, the cheapest way to its bytes:
/// <list type="bullet">
/// <item>a large uncompressed sample is read with a system call straight into its destination;</item>
/// <item>in a large read, runs of samples that lie close together in a pack are read a window at a
/// time into a buffer (mapping every page of a freshly opened pack costs the kernel more than
/// copying them);</item>
/// <item>otherwise the memory map serves the bytes without a system call.</item>
/// </list>
/// </summary>
internal sealed unsafe class FixedSampleReader(BlobStore blobs, PackStore packs, BlobIndex index)
{
    /// <summary>Uncompressed samples at least this large are read with their own system call.</summary>
    private const int DirectBytes = 64 << 10;

    /// <summary>Reads of at least this much go through read windows.</summary>
    private const long WindowedBytes = 4 << 20;

    private const int WindowSize = 1 << 20;

    public void Copy(ReadOnlySpan<ObjectId> ids, ReadOnlySpan<byte> header, Span<byte> destination, int size)
    {
        var locations = ids.Length <= 256 ? stackalloc BlobLocation[ids.Length] : new BlobLocation[ids.Length];
        int missing;
        while ((missing = index.TryGetMany(ids, locations)) >= 0)
        {
            if (blobs.FetchMissing?.Invoke(ids[missing]) != true)
                throw BlobStore.Missing(ids[missing]);
        }
        using var window = destination.Length >= WindowedBytes && size < DirectBytes ? new Window(packs) : null;
        var map = new MapCursor(packs);
        Span<byte> scratch = stackalloc byte[ObjectId.Size];
        for (int i = 0; i < ids.Length; i++)
        {
            var target = destination.Slice(i * size, size);
            if (ids[i].IsInlineSample)
            {
                BlobStore.CopyChecked(ids[i], blobs.Stored(ids[i], scratch, out _), Codec.None, header, target);
                continue;
            }
            var loc = locations[i];
            if (size >= DirectBytes && this.TryDirect(loc, header, target))
                continue;
            var stored = window is not null && window.TryGet(loc, out var windowed) ? windowed : map.Get(loc);
            if (Crc32C.Compute(stored) != loc.Crc)
                stored = blobs.StoredBytes(ids[i], loc);
            BlobStore.CopyChecked(ids[i], stored, loc.Codec, header, target);
        }
    }

    /// <summary>
    /// A large uncompressed sample: its header into a small buffer, its data into place, then the CRC
    /// over both (the data is still in cache). False when anything is off: the caller re-reads it the
    /// careful way, which reports the problem.
    /// </summary>
    private bool TryDirect(BlobLocation loc, ReadOnlySpan<byte> header, Span<byte> destination)
    {
        if (loc.Codec != Codec.None || loc.Length != header.Length + destination.Length)
            return false;
        Span<byte> stored = stackalloc byte[header.Length];
        if (packs.ReadAt(loc.Pack, loc.Offset, stored) != stored.Length || packs.ReadAt(loc.Pack, loc.Offset + header.Length, destination) != destination.Length)
            return false;
        return Crc32C.Compute(stored, destination) == loc.Crc && stored.SequenceEqual(header);
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
    /// windows to pay: more refills than one per 16 samples.
    /// </summary>
    private sealed class Window(PackStore packs) : IDisposable
    {
        private readonly byte[] buffer = ArrayPool<byte>.Shared.Rent(WindowSize);
        private int pack = -1;
        private long start;
        private int length;
        private int served;
        private int refills;

        public bool TryGet(BlobLocation loc, out ReadOnlySpan<byte> stored)
        {
            stored = default;
            if (loc.Length > WindowSize || this.refills > 4 + (this.served / 16))
                return false;
            if (loc.Pack != this.pack || loc.Offset < this.start || loc.Offset + loc.Length > this.start + this.length)
            {
                this.length = packs.ReadAt(loc.Pack, loc.Offset, this.buffer.AsSpan(0, WindowSize));
                this.pack = loc.Pack;
                this.start = loc.Offset;
                this.refills++;
                if (this.length < loc.Length)
                {
                    this.pack = -1;
                    return false;
                }
            }
            this.served++;
            stored = this.buffer.AsSpan((int)(loc.Offset - this.start), loc.Length);
            return true;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(this.buffer);
    }
}
