using System.Runtime.InteropServices;
using System.Text;

namespace Tessera.Formats.NumPy;

/// <summary>
/// An n-dimensional numpy array in memory: dtype, shape and the element bytes in C order, little-endian.
/// Files in big-endian or Fortran order are normalized on read; <see cref="SourceByteOrder"/> and
/// <see cref="SourceFortranOrder"/> keep what the file had, for information.
/// </summary>
public sealed class NpyArray
{
    private readonly long[] shape;
    private readonly byte[] data;

    /// <summary>Wraps C-order little-endian bytes (not copied) as an array of <paramref name="dtype"/> and <paramref name="shape"/>.</summary>
    public NpyArray(NpyDtype dtype, ReadOnlySpan<long> shape, byte[] data)
        : this(dtype, shape.ToArray(), data, dtype.ByteOrder, sourceFortranOrder: false)
    {
        if (dtype.ByteOrder == NpyByteOrder.Big)
            throw new ArgumentException("NpyArray holds little-endian data; pass the little-endian dtype.", nameof(dtype));
    }

    internal NpyArray(NpyDtype dtype, long[] shape, byte[] data, NpyByteOrder sourceByteOrder, bool sourceFortranOrder)
    {
        ArgumentNullException.ThrowIfNull(data);
        long expected = ShapeMath.ByteCount(shape, dtype.ItemSize);
        if (data.LongLength != expected)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) of {dtype} needs {expected} bytes, got {data.LongLength}.", nameof(data));
        Dtype = dtype.ByteOrder == NpyByteOrder.Big ? dtype.AsLittleEndian() : dtype;
        this.shape = shape;
        this.data = data;
        SourceByteOrder = sourceByteOrder;
        SourceFortranOrder = sourceFortranOrder;
    }

    /// <summary>The element type, always little-endian (or without byte order for single-byte units).</summary>
    public NpyDtype Dtype { get; }

    public IReadOnlyList<long> Shape => this.shape;

    public ReadOnlySpan<long> ShapeSpan => this.shape;

    public long ElementCount => this.data.LongLength / Dtype.ItemSize;

    /// <summary>The raw element bytes: C order, little-endian.</summary>
    public Memory<byte> Data => this.data;

    /// <summary>Byte order of the dtype in the file this array was read from.</summary>
    public NpyByteOrder SourceByteOrder { get; }

    /// <summary>Whether the file this array was read from stored it in Fortran order.</summary>
    public bool SourceFortranOrder { get; }

    /// <summary>A typed view of the elements; <typeparamref name="T"/> must match the dtype (e.g. <see cref="Half"/> for f2).</summary>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        if (NpyDtype.For<T>() != Dtype)
            throw new InvalidOperationException($"The array's dtype is {Dtype}; a span of {typeof(T).Name} views {NpyDtype.For<T>()?.Descr ?? "no numpy dtype"}.");
        return MemoryMarshal.Cast<byte, T>(this.data.AsSpan());
    }

    /// <summary>The items of a <c>U</c> array (UTF-32), or of an <c>S</c> array with each byte as one char (Latin-1), NUL padding stripped.</summary>
    public string[] GetStrings()
    {
        if (Dtype.Kind is not (NpyKind.Unicode or NpyKind.Bytes))
            throw new InvalidOperationException($"The array's dtype is {Dtype}; strings come from U<n> or S<n> arrays.");
        var strings = new string[ElementCount];
        for (int i = 0; i < strings.Length; i++)
        {
            ReadOnlySpan<byte> item = this.data.AsSpan(i * Dtype.ItemSize, Dtype.ItemSize);
            strings[i] = Dtype.Kind == NpyKind.Unicode
                ? NpyStrings.DecodeUnicode(item)
                : Encoding.Latin1.GetString(NpyStrings.TrimBytes(item));
        }
        return strings;
    }

    /// <summary>The items of an <c>S</c> array as bytes, NUL padding stripped.</summary>
    public byte[][] GetByteStrings()
    {
        if (Dtype.Kind != NpyKind.Bytes)
            throw new InvalidOperationException($"The array's dtype is {Dtype}; byte strings come from S<n> arrays.");
        var items = new byte[ElementCount][];
        for (int i = 0; i < items.Length; i++)
            items[i] = NpyStrings.TrimBytes(this.data.AsSpan(i * Dtype.ItemSize, Dtype.ItemSize)).ToArray();
        return items;
    }

    /// <summary>Copies <paramref name="values"/> (C order) into a new array of the matching dtype.</summary>
    public static NpyArray Create<T>(ReadOnlySpan<T> values, params ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        NpyDtype dtype = NpyDtype.For<T>() ?? throw new ArgumentException($"{typeof(T).Name} has no numpy dtype.", nameof(values));
        RequireCount(values.Length, shape);
        return new NpyArray(dtype, shape, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>A <c>&lt;U n</c> array, n the longest value in code points (at least 1).</summary>
    public static NpyArray FromStrings(IReadOnlyList<string> values, params ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        RequireCount(values.Count, shape);
        int width = 1;
        foreach (string value in values)
            width = Math.Max(width, NpyStrings.CodePointCount(value));
        NpyDtype dtype = NpyDtype.Unicode(width);
        byte[] bytes = new byte[checked((long)values.Count * dtype.ItemSize)];
        for (int i = 0; i < values.Count; i++)
            NpyStrings.EncodeUnicode(values[i], bytes.AsSpan(i * dtype.ItemSize, dtype.ItemSize));
        return new NpyArray(dtype, shape, bytes);
    }

    /// <summary>An <c>|S n</c> array, n the longest value (at least 1).</summary>
    public static NpyArray FromByteStrings(IReadOnlyList<byte[]> values, params ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        RequireCount(values.Count, shape);
        int width = Math.Max(1, values.Count == 0 ? 0 : values.Max(v => v.Length));
        NpyDtype dtype = NpyDtype.Bytes(width);
        byte[] bytes = new byte[checked((long)values.Count * width)];
        for (int i = 0; i < values.Count; i++)
            values[i].CopyTo(bytes, i * width);
        return new NpyArray(dtype, shape, bytes);
    }

    private static void RequireCount(int count, ReadOnlySpan<long> shape)
    {
        long expected = ShapeMath.ElementCount(shape);
        if (expected != count)
            throw new ArgumentException($"Shape ({string.Join(", ", shape.ToArray())}) holds {expected} elements, got {count} values.", nameof(shape));
    }
}
