namespace Tessera.Formats.NumPy;

/// <summary>
/// Reads a <c>.npy</c> stream after its header, sample by sample (a sample is a slice along the first axis), so a file
/// larger than memory is read in bounded memory. Samples come out in C order and little-endian.
/// A Fortran-order array of rank 2 or more scatters each sample over the whole file, so it is reordered in memory
/// on the first read: its whole data must fit in one .NET array.
/// </summary>
public sealed class NpyStreamReader : IDisposable
{
    private const int GrowthStart = 1 << 20;

    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly long? available;
    private readonly NpyDtype dtype;
    private byte[]? reorderedData;
    private long samplesRead;

    internal NpyStreamReader(Stream stream, long? available, bool leaveOpen)
    {
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        (Header, long headerLength) = NpyHeaderReader.Read(stream, available);
        this.available = available - headerLength;
        if (this.available is long remaining && remaining < Header.DataByteCount)
            throw new NpyFormatException($"The .npy data is truncated: the header declares {Header.DataByteCount} bytes of data, the input holds {remaining}.");
        this.dtype = Header.Dtype.AsLittleEndian();
        SampleByteCount = Header.SampleByteCount;
    }

    /// <summary>The header as stored (its dtype may be big-endian; the samples read are not).</summary>
    public NpyHeader Header { get; }

    /// <summary>The dtype of the samples read: the stored one in little-endian order.</summary>
    public NpyDtype Dtype => this.dtype;

    public long SampleCount => Header.SampleCount;

    public long SampleByteCount { get; }

    public long SamplesRemaining => SampleCount - this.samplesRead;

    /// <summary>Bytes the input holds after the array's data, when its length is known.</summary>
    internal long? BytesAfterData => this.available - Header.DataByteCount;

    /// <summary>
    /// Reads as many whole samples as fit in <paramref name="destination"/> (C order, little-endian) and returns how many;
    /// 0 once all samples are read.
    /// </summary>
    public int ReadSamples(Span<byte> destination)
    {
        if (SamplesRemaining == 0)
            return 0;
        if (SampleByteCount == 0)
            return Advance((int)Math.Min(SamplesRemaining, int.MaxValue));
        if (destination.Length < SampleByteCount)
            throw new ArgumentException($"The destination holds {destination.Length} bytes; one sample needs {SampleByteCount}.", nameof(destination));
        int count = (int)Math.Min(destination.Length / SampleByteCount, SamplesRemaining);
        Span<byte> target = destination[..(int)(count * SampleByteCount)];
        if (NeedsReordering)
        {
            this.reorderedData ??= FortranToCOrder.Convert(ReadData(Header.DataByteCount), Header.ShapeSpan, this.dtype.ItemSize);
            this.reorderedData.AsSpan((int)(this.samplesRead * SampleByteCount), target.Length).CopyTo(target);
            return Advance(count);
        }
        int read = this.stream.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        if (read < target.Length)
            throw new NpyFormatException($"The .npy data is truncated: it ends inside sample {this.samplesRead + (read / SampleByteCount)} of {SampleCount}.");
        ByteOrderNormalizer.ToLittleEndian(target, Header.Dtype);
        return Advance(count);
    }

    /// <summary>
    /// Yields the remaining samples in batches of about <paramref name="batchBytes"/> (at least one sample each).
    /// The batches share one buffer: each is valid until the next is requested.
    /// </summary>
    public IEnumerable<ReadOnlyMemory<byte>> ReadBatches(int batchBytes = 4 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchBytes);
        if (SampleByteCount > Array.MaxLength)
            throw new NpyFormatException($"One sample is {SampleByteCount} bytes, more than a .NET array holds.");
        long samplesPerBatch = Math.Max(1, batchBytes / Math.Max(1, SampleByteCount));
        byte[] buffer = new byte[Math.Min(samplesPerBatch, SamplesRemaining) * SampleByteCount];
        int count;
        while ((count = ReadSamples(buffer)) > 0)
            yield return buffer.AsMemory(0, (int)(count * SampleByteCount));
    }

    /// <summary>Reads the whole array; only before any sample was read.</summary>
    public NpyArray ReadArray()
    {
        if (this.samplesRead != 0)
            throw new InvalidOperationException("ReadArray reads the whole array; samples were already read from this reader.");
        byte[] data = ReadData(Header.DataByteCount);
        this.samplesRead = SampleCount;
        if (NeedsReordering)
            data = FortranToCOrder.Convert(data, Header.ShapeSpan, this.dtype.ItemSize);
        return new NpyArray(this.dtype, Header.ShapeSpan.ToArray(), data, Header.Dtype.ByteOrder, Header.FortranOrder);
    }

    public void Dispose()
    {
        if (!this.leaveOpen)
            this.stream.Dispose();
    }

    private bool NeedsReordering => Header.FortranOrder && Header.ShapeSpan.Length >= 2;

    private int Advance(int count)
    {
        this.samplesRead += count;
        return count;
    }

    /// <summary>
    /// Reads the data normalized to little-endian. When the input length is not known for sure the buffer grows with
    /// the bytes that actually arrive, so a header that lies about the size cannot force a huge allocation.
    /// </summary>
    private byte[] ReadData(long byteCount)
    {
        if (byteCount > Array.MaxLength)
            throw new NpyFormatException($"The array holds {byteCount} bytes, more than one .NET array can; read it by samples with ReadSamples or ReadBatches.");
        // Only a seekable stream's length is a fact; a zip member's declared size is as untrusted as the header.
        byte[] buffer = new byte[this.stream.CanSeek ? byteCount : Math.Min(byteCount, GrowthStart)];
        int filled = 0;
        while (filled < byteCount)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(byteCount, 2L * buffer.Length));
            int read = this.stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
                throw new NpyFormatException($"The .npy data is truncated: the header declares {byteCount} bytes of data, the input holds {filled}.");
            filled += read;
        }
        ByteOrderNormalizer.ToLittleEndian(buffer, Header.Dtype);
        return buffer;
    }
}
