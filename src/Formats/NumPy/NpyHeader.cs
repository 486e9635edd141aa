namespace Tessera.Formats.NumPy;

/// <summary>
/// What a <c>.npy</c> header declares: format version, dtype as stored (its byte order included),
/// whether the data is in Fortran (column-major) order, and the shape.
/// </summary>
public sealed record NpyHeader
{
    private readonly long[] shape;

    public NpyHeader(Version version, NpyDtype dtype, bool fortranOrder, ReadOnlySpan<long> shape)
    {
        Version = version;
        Dtype = dtype;
        FortranOrder = fortranOrder;
        this.shape = shape.ToArray();
        ElementCount = ShapeMath.ElementCount(shape);
        DataByteCount = ShapeMath.ByteCount(shape, dtype.ItemSize);
    }

    /// <summary>Format version: 1.0, 2.0 (4-byte header length) or 3.0 (UTF-8 header).</summary>
    public Version Version { get; }

    public NpyDtype Dtype { get; }

    public bool FortranOrder { get; }

    public IReadOnlyList<long> Shape => this.shape;

    /// <summary>The shape as a span, for arithmetic without boxing.</summary>
    public ReadOnlySpan<long> ShapeSpan => this.shape;

    public long ElementCount { get; }

    public long DataByteCount { get; }

    /// <summary>Samples are the slices along the first axis; a 0-d array is one sample of shape ().</summary>
    public long SampleCount => this.shape.Length == 0 ? 1 : this.shape[0];

    public ReadOnlySpan<long> SampleShape => this.shape.Length == 0 ? [] : this.shape.AsSpan(1);

    public long SampleByteCount => ShapeMath.ByteCount(SampleShape, Dtype.ItemSize);

    public bool Equals(NpyHeader? other) =>
        other is not null && Version == other.Version && Dtype == other.Dtype && FortranOrder == other.FortranOrder
        && this.shape.AsSpan().SequenceEqual(other.shape);

    public override int GetHashCode() => HashCode.Combine(Version, Dtype, FortranOrder, this.shape.Length);
}
