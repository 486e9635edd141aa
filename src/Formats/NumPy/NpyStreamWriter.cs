using System.Runtime.InteropServices;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Writes a <c>.npy</c> stream whose shape is known up front: the header first, then samples appended in order
/// (C order, little-endian), so an array larger than memory can be written in bounded memory.
/// <see cref="Complete"/> checks that exactly the declared data was written.
/// </summary>
public sealed class NpyStreamWriter : IDisposable
{
    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly long dataByteCount;
    private long written;

    public NpyStreamWriter(Stream stream, NpyDtype dtype, ReadOnlySpan<long> shape, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (dtype.ByteOrder == NpyByteOrder.Big)
            throw new ArgumentException("The writer takes little-endian data; pass the little-endian dtype.", nameof(dtype));
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        Dtype = dtype;
        SampleByteCount = ShapeMath.ByteCount(shape.Length == 0 ? [] : shape[1..], dtype.ItemSize);
        this.dataByteCount = ShapeMath.ByteCount(shape, dtype.ItemSize);
        NpyHeaderWriter.Write(stream, dtype, shape);
    }

    public NpyDtype Dtype { get; }

    public long SampleByteCount { get; }

    /// <summary>Appends whole samples given as C-order little-endian bytes.</summary>
    public void WriteSamples(ReadOnlySpan<byte> samples)
    {
        if (SampleByteCount != 0 && samples.Length % SampleByteCount != 0)
            throw new ArgumentException($"{samples.Length} bytes is not a whole number of {SampleByteCount}-byte samples.", nameof(samples));
        if (this.written + samples.Length > this.dataByteCount)
            throw new InvalidOperationException($"The shape declares {this.dataByteCount} bytes of data; writing {samples.Length} more after {this.written} exceeds it.");
        this.stream.Write(samples);
        this.written += samples.Length;
    }

    /// <summary>Appends whole samples of a numeric or bool dtype; <typeparamref name="T"/> must match <see cref="Dtype"/>.</summary>
    public void WriteSamples<T>(ReadOnlySpan<T> samples)
        where T : unmanaged
    {
        if (NpyDtype.For<T>() != Dtype)
            throw new ArgumentException($"The writer's dtype is {Dtype}; {typeof(T).Name} is {NpyDtype.For<T>()?.Descr ?? "no numpy dtype"}.", nameof(samples));
        WriteSamples(MemoryMarshal.AsBytes(samples));
    }

    /// <summary>Checks that all declared data was written and flushes.</summary>
    public void Complete()
    {
        if (this.written != this.dataByteCount)
            throw new InvalidOperationException($"The shape declares {this.dataByteCount} bytes of data; only {this.written} were written.");
        this.stream.Flush();
    }

    public void Dispose()
    {
        if (!this.leaveOpen)
            this.stream.Dispose();
    }
}
