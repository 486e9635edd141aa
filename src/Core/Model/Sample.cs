using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;

namespace Tessera;

/// <summary>
/// One sample read back: kind, dtype, shape and its bytes (C order, little-endian). For an
/// uncompressed sample the bytes are a read-only view on the memory-mapped pack, valid while
/// the repository is open; <see cref="ToArray{T}"/> copies.
/// </summary>
public sealed class Sample
{
    internal Sample(ObjectId id, ColumnKind kind, DType? dtype, int[] shape, ReadOnlyMemory<byte> bytes, bool textRun = false)
    {
        this.Id = id;
        this.Kind = kind;
        this.DType = dtype;
        this.Shape = shape;
        this.Bytes = bytes;
        this.IsTextRun = textRun;
    }

    /// <summary>A run of str or bytes items (<see cref="TextRun"/>) as stored, not a sample: only a run's reader sees one.</summary>
    internal bool IsTextRun { get; }

    /// <summary>The sample id: its content hash (over dtype, shape and bytes), its encoding when that is short, or its place in a run.</summary>
    public ObjectId Id { get; }

    public ColumnKind Kind { get; }

    public DType? DType { get; }

    public IReadOnlyList<int> Shape { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public long ElementCount => this.Kind == ColumnKind.NDArray ? this.Shape.Aggregate(1L, (a, b) => a * b) : this.Bytes.Length;

    /// <summary>A typed zero-copy view; <typeparamref name="T"/> must match the dtype.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged
    {
        this.CheckType<T>();
        return MemoryMarshal.Cast<byte, T>(this.Bytes.Span);
    }

    /// <summary>A typed copy of the elements.</summary>
    public T[] ToArray<T>() where T : unmanaged => this.AsSpan<T>().ToArray();

    /// <summary>A tensor (copy) with the sample's shape.</summary>
    public Tensor<T> ToTensor<T>() where T : unmanaged
    {
        var lengths = this.Shape.Select(d => (nint)d).ToArray();
        return Tensor.Create(this.ToArray<T>(), lengths);
    }

    /// <summary>The text of a str sample.</summary>
    public string AsString()
    {
        if (this.Kind != ColumnKind.Str)
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"This is a {this.Kind.Name()} sample, not a str sample.");
        return Encoding.UTF8.GetString(this.Bytes.Span);
    }

    private void CheckType<T>() where T : unmanaged
    {
        if (this.Kind != ColumnKind.NDArray || this.DType != DTypes.Of<T>())
        {
            string what = this.DType?.Name() ?? this.Kind.Name();
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"The sample is {what}; it cannot be read as {typeof(T).Name}.");
        }
    }
}
