using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tessera.Storage;

/// <summary>Reads samples by id: index lookup, memory-mapped bytes, CRC check, decompression.</summary>
internal sealed unsafe class BlobStore
{
    private readonly PackStore packs;
    private readonly BlobIndex index;

    public BlobStore(PackStore packs, BlobIndex index)
    {
        this.packs = packs;
        this.index = index;
        this.Fixed = new FixedSampleReader(this, packs, index);
        this.Runs = new RunCache(id => this.ReadRun(id));
    }

    /// <summary>Runs read recently, decoded (the items of a run are read one after another).</summary>
    public RunCache Runs { get; }

    /// <summary>Reads many samples of one fixed shape into contiguous memory (batched reads, the data loader).</summary>
    public FixedSampleReader Fixed { get; }

    public PackStore Packs => this.packs;

    public BlobIndex Index => this.index;

    /// <summary>Asked for a sample that is not stored (a partial clone's auto-fetch); true when it stored it.</summary>
    public Func<ObjectId, bool>? FetchMissing { get; set; }

    public Sample Read(ObjectId id)
    {
        if (id.IsInlineSample)
            return ReadInline(id);
        if (id.IsRunSample)
            return this.Runs.Get(SampleRun.RunOf(id)).Sample(id);
        var sample = this.ReadStored(id);
        if (sample.IsTextRun)
            throw new CorruptObjectException($"Sample {id.ToShortString()} is stored as a run of texts, which only run items name. {CorruptObjectException.VerifyAdvice}");
        return sample;
    }

    /// <summary>A sample or run stored on its own, fetched first when a partial clone lacks it.</summary>
    private Sample ReadStored(ObjectId id)
    {
        if (!this.index.TryGet(id, out var loc) && !(this.FetchMissing?.Invoke(id) == true && this.index.TryGet(id, out loc)))
            throw Missing(id);
        return this.Read(id, loc);
    }

    /// <summary>
    /// A run, read with a system call into a scratch buffer rather than through the pack's map: a
    /// scan reads each run once, and mapped pages would stay in the process's working set (80 MB
    /// for the benchmark table's float32 column) long after their run is decoded. An uncompressed
    /// run, or bytes that fail their check, take the mapped path (its memory would be the buffer's;
    /// the mapped path re-reads the index once and names the pack). The data goes into
    /// <paramref name="buffer"/>'s array when given, else a new one.
    /// </summary>
    private Sample ReadRun(ObjectId id, Func<int, byte[]>? buffer = null)
    {
        if (!this.index.TryGet(id, out var loc) && !(this.FetchMissing?.Invoke(id) == true && this.index.TryGet(id, out loc)))
            throw Missing(id);
        if (loc.Codec == Codec.None)
            return this.Read(id, loc);
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(loc.Length);
        try
        {
            var stored = scratch.AsSpan(0, loc.Length);
            if (this.packs.ReadAt(loc.Pack, loc.Offset, stored) != loc.Length || Crc32C.Compute(stored) != loc.Crc)
                return this.Read(id, loc);
            return Decode(id, loc, stored, buffer);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// A run decoded into <paramref name="scratch"/> (replaced by a larger array from the shared pool
    /// when too small; the caller returns it to the pool), not cached: a scan reads each run once, and
    /// neither a cache entry nor a fresh megabyte for the collector is worth it. Valid until
    /// <paramref name="scratch"/> is used again.
    /// </summary>
    public LoadedRun ReadRunOnce(ObjectId run, ref byte[]? scratch)
    {
        var held = scratch;
        var sample = this.ReadRun(run, length =>
        {
            if (held is null || held.Length < length)
            {
                if (held is not null)
                    System.Buffers.ArrayPool<byte>.Shared.Return(held);
                held = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
            }
            return held;
        });
        scratch = held;
        return LoadedRun.From(run, sample, held);
    }

    public Sample Read(ObjectId id, BlobLocation loc) => Decode(id, loc, this.StoredBytes(id, loc));

    /// <summary>
    /// A sample from its checked stored bytes; uncompressed data stays a view of them, compressed
    /// data is decoded into <paramref name="buffer"/>'s array when given, else a new one.
    /// </summary>
    private static Sample Decode(ObjectId id, BlobLocation loc, ReadOnlySpan<byte> stored, Func<int, byte[]>? buffer = null)
    {
        var header = BlobFormat.ReadHeader(stored);
        var packed = stored[header.HeaderSize..];
        if (loc.Codec == Codec.None)
        {
            if (packed.Length != header.DataLength)
                throw new CorruptObjectException($"Sample {id.ToShortString()} has {packed.Length} data bytes, its header says {header.DataLength}. {CorruptObjectException.VerifyAdvice}");
            var manager = new PointerMemoryManager((byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(packed)), packed.Length);
            return new Sample(id, header.Kind, header.DType, header.Shape, manager.Memory, header.TextRun);
        }
        var raw = buffer?.Invoke(header.DataLength) ?? GC.AllocateUninitializedArray<byte>(header.DataLength);
        Codecs.Decompress(loc.Codec, packed, raw.AsSpan(0, header.DataLength), header.ElementSize);
        return new Sample(id, header.Kind, header.DType, header.Shape, raw.AsMemory(0, header.DataLength), header.TextRun);
    }

    /// <summary>
    /// The stored bytes of a blob after checking bounds and CRC-32C. On a mismatch the pack is
    /// mapped again and the index re-read once: a gc or a rolled-back operation in another process
    /// may have replaced what this process saw.
    /// </summary>
    public ReadOnlySpan<byte> StoredBytes(ObjectId id, BlobLocation loc)
    {
        var span = new ReadOnlySpan<byte>(this.packs.Pointer(loc), loc.Length);
        if (Crc32C.Compute(span) == loc.Crc)
            return span;
        this.packs.Forget(loc.Pack);
        if (this.index.TryGetFresh(id, out var fresh) && fresh.Codec == loc.Codec)
        {
            loc = fresh;
            span = new ReadOnlySpan<byte>(this.packs.Pointer(loc), loc.Length);
        }
        if (Crc32C.Compute(span) != loc.Crc)
        {
            throw new CorruptObjectException(
                $"Sample {id.ToShortString()} in {this.packs.PathOf(loc.Pack)} at offset {loc.Offset} is corrupt (checksum mismatch). {CorruptObjectException.VerifyAdvice}");
        }
        return span;
    }

    /// <summary>The stored bytes as memory over the pack's map (no copy), after the same checks as <see cref="StoredBytes"/>.</summary>
    public ReadOnlyMemory<byte> StoredMemory(ObjectId id, BlobLocation loc)
    {
        var span = this.StoredBytes(id, loc);
        return new PointerMemoryManager((byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span)), span.Length).Memory;
    }

    /// <summary>
    /// True when two sample ids hold the same sample. Different hashed or inline ids never do; an
    /// item of a run may equal a sample stored otherwise, so those bytes are compared. Data this
    /// repository lacks (a partial clone) counts as different: a conflict is the safe answer.
    /// </summary>
    public bool SameSample(ObjectId a, ObjectId b)
    {
        if (a == b)
            return true;
        if (!a.IsRunSample && !b.IsRunSample)
            return false;
        try
        {
            var x = this.Read(a);
            var y = this.Read(b);
            return x.Kind == y.Kind && x.DType == y.DType && x.Shape.SequenceEqual(y.Shape) && x.Bytes.Span.SequenceEqual(y.Bytes.Span);
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    /// <summary>Re-hashes a blob with SHA-256 and checks what the hash cannot (a text run's lengths): what verify does.</summary>
    public bool HashMatches(ObjectId id, BlobLocation loc)
    {
        var stored = this.StoredBytes(id, loc);
        var header = BlobFormat.ReadHeader(stored);
        var data = stored[header.HeaderSize..];
        if (loc.Codec != Codec.None)
        {
            var raw = new byte[header.DataLength];
            Codecs.Decompress(loc.Codec, data, raw, header.ElementSize);
            data = raw;
        }
        return SampleRun.HashMatches(id, stored[..header.HeaderSize], data, header.TextRun)
            && (!header.TextRun || TextRun.LengthsAddUp(data, header.Shape[0]));
    }

    /// <summary>
    /// A sample's canonical header and stored (possibly compressed) data, checked as <see cref="Read(ObjectId)"/>
    /// checks them, without a copy: a view of the pack, or of <paramref name="scratch"/> (32 bytes) for an inline sample.
    /// Not for an item of a run, whose header is not stored with its data.
    /// </summary>
    private ReadOnlySpan<byte> Stored(ObjectId id, Span<byte> scratch, out Codec codec)
    {
        if (id.IsInlineSample)
        {
            codec = Codec.None;
            id.Write(scratch);
            int length = scratch[0] & 0x7F;
            if (length > ObjectId.Size - 1)
                throw new CorruptObjectException($"{id.ToShortString()} is not an inline sample id.");
            return scratch.Slice(1, length);
        }
        if (!this.index.TryGet(id, out var loc) && !(this.FetchMissing?.Invoke(id) == true && this.index.TryGet(id, out loc)))
            throw Missing(id);
        codec = loc.Codec;
        return this.StoredBytes(id, loc);
    }

    /// <summary>
    /// Copies the element bytes of a sample that must have the canonical <paramref name="header"/> (the
    /// header of every sample of a fixed-shape column) into <paramref name="destination"/>, which holds exactly them.
    /// </summary>
    public void CopyData(ObjectId id, ReadOnlySpan<byte> header, Span<byte> destination)
    {
        if (id.IsRunSample)
        {
            this.Runs.Get(SampleRun.RunOf(id)).CopyItem(id, header, destination);
            return;
        }
        Span<byte> scratch = stackalloc byte[ObjectId.Size];
        if (id.IsInlineSample && TryCopyInline(id, header, destination, scratch))
            return;
        var stored = this.Stored(id, scratch, out var codec);
        CopyChecked(id, stored, codec, header, destination);
    }

    /// <summary>
    /// Copies the data of a sample held in its id (a byte of length, the header, the data) when it has
    /// <paramref name="header"/> and fills <paramref name="destination"/> exactly; false otherwise, for
    /// the checked path to name the problem. <paramref name="scratch"/> (32 bytes) is the caller's, so
    /// that a batch of inline samples (a float64 column's export) reuses one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryCopyInline(ObjectId id, ReadOnlySpan<byte> header, Span<byte> destination, Span<byte> scratch)
    {
        int length = header.Length + destination.Length;
        id.Write(scratch);
        if (length >= ObjectId.Size || scratch[0] != (0x80 | length) || !scratch.Slice(1, header.Length).SequenceEqual(header))
            return false;
        scratch.Slice(1 + header.Length, destination.Length).CopyTo(destination);
        return true;
    }

    /// <summary>Checks a stored sample's header against <paramref name="header"/> and copies (or decompresses) its data into <paramref name="destination"/>.</summary>
    public static void CopyChecked(ObjectId id, ReadOnlySpan<byte> stored, Codec codec, ReadOnlySpan<byte> header, Span<byte> destination)
    {
        if (!stored.StartsWith(header))
            throw new CorruptObjectException($"Sample {id.ToShortString()} does not have the dtype and shape of its column. {CorruptObjectException.VerifyAdvice}");
        var packed = stored[header.Length..];
        if (codec != Codec.None)
        {
            Codecs.Decompress(codec, packed, destination, BlobFormat.ElementSize(header));
            return;
        }
        if (packed.Length != destination.Length)
            throw new CorruptObjectException($"Sample {id.ToShortString()} has {packed.Length} data bytes, its header says {destination.Length}. {CorruptObjectException.VerifyAdvice}");
        packed.CopyTo(destination);
    }

    /// <summary>The error for a sample whose data is not here (a partial clone), naming the command that fetches it.</summary>
    public static NotFoundException Missing(ObjectId id) => new(ErrorCode.MissingObject,
        $"Sample data {id.ToShortString()} is not in this repository. If it was cloned without data, fetch it; otherwise verify the repository.");

    /// <summary>An inline sample: its header and bytes are in its id.</summary>
    private static Sample ReadInline(ObjectId id)
    {
        var encoding = SampleHasher.InlineEncoding(id);
        var header = InlineHeader(id, encoding);
        return new Sample(id, header.Kind, header.DType, header.Shape, encoding.AsMemory(header.HeaderSize));
    }

    /// <summary>
    /// A sample's data bytes, checked as <see cref="Read(ObjectId)"/> checks them. An inline sample's
    /// are a view of <paramref name="scratch"/> (32 bytes), so a scan of a column of short strings
    /// allocates nothing per sample.
    /// </summary>
    public ReadOnlySpan<byte> Data(ObjectId id, Span<byte> scratch)
    {
        // A run item's bytes are a view of its run as the run cache holds it.
        if (id.IsRunSample)
            return this.Runs.Get(SampleRun.RunOf(id)).Item(id).Span;
        if (!id.IsInlineSample)
            return this.Read(id).Bytes.Span;
        var encoding = this.Stored(id, scratch, out _);
        return encoding[InlineHeader(id, encoding).HeaderSize..];
    }

    private static SampleHeader InlineHeader(ObjectId id, ReadOnlySpan<byte> encoding)
    {
        var header = BlobFormat.ReadHeader(encoding);
        if (header.TextRun || encoding.Length != header.HeaderSize + header.DataLength)
            throw new CorruptObjectException($"Inline sample {id.ToShortString()} holds {encoding.Length - header.HeaderSize} data bytes, its header says {header.DataLength}. {CorruptObjectException.VerifyAdvice}");
        return header;
    }
}
