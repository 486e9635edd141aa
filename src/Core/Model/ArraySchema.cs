using System.Globalization;

namespace Tessera;

/// <summary>
/// The schema of a chunked N-dimensional array (Zarr's and Arraylake's model): dtype, shape,
/// chunk shape, fill value and compression. Chunks that hold only the fill value are not stored.
/// </summary>
public sealed record ArraySchema
{
    public ArraySchema(DType dtype, long[] shape, int[] chunks, double fillValue = 0)
    {
        if (shape.Length == 0 || shape.Length > ColumnSchema.MaxRank)
            throw new InvalidInputException(ErrorCode.InvalidSchema, $"An array has rank 1 to {ColumnSchema.MaxRank}; got {shape.Length}.");
        if (chunks.Length != shape.Length)
        {
            throw new InvalidInputException(ErrorCode.InvalidSchema,
                $"The chunk shape {ColumnSchema.FormatShape(chunks)} has rank {chunks.Length}; the array has rank {shape.Length}.");
        }
        if (shape.Any(d => d < 0))
            throw new InvalidInputException(ErrorCode.InvalidSchema, $"The shape ({string.Join(", ", shape)}) has a negative dimension.");
        if (chunks.Any(c => c <= 0))
            throw new InvalidInputException(ErrorCode.InvalidSchema, $"The chunk shape {ColumnSchema.FormatShape(chunks)} has a dimension ≤ 0.");
        // Capped as it grows: a schema read from a received tree must not wrap around.
        long chunkBytes = dtype.ItemSize();
        foreach (int c in chunks)
        {
            chunkBytes *= c;
            if (chunkBytes > int.MaxValue)
                throw new InvalidInputException(ErrorCode.InvalidSchema, $"A chunk of {ColumnSchema.FormatShape(chunks)} {dtype.Name()} is over 2 GiB; use smaller chunks.");
        }
        CheckFill(dtype, fillValue);
        this.DType = dtype;
        this.Shape = (long[])shape.Clone();
        this.Chunks = (int[])chunks.Clone();
        this.FillValue = fillValue;
    }

    public DType DType { get; }

    public IReadOnlyList<long> Shape { get; private init; }

    public IReadOnlyList<int> Chunks { get; }

    /// <summary>What unwritten elements read as (NaN allowed for float dtypes).</summary>
    public double FillValue { get; }

    public Codec Compression { get; init; } = Codec.None;

    public int Rank => this.Shape.Count;

    /// <summary>Elements in one chunk.</summary>
    public long ChunkElements => this.Chunks.Aggregate(1L, (a, b) => a * b);

    /// <summary>Chunks along each dimension.</summary>
    public long[] GridShape => this.Shape.Select((d, i) => (d + this.Chunks[i] - 1) / this.Chunks[i]).ToArray();

    public ArraySchema WithShape(long[] shape)
    {
        if (shape.Length != this.Rank)
            throw new InvalidInputException(ErrorCode.ShapeMismatch, $"A resize keeps the rank: the array has rank {this.Rank}, the new shape {shape.Length}.");
        if (shape.Any(d => d < 0))
            throw new InvalidInputException(ErrorCode.InvalidSchema, $"The shape ({string.Join(", ", shape)}) has a negative dimension.");
        return this with { Shape = (long[])shape.Clone() };
    }

    /// <summary>Parses a fill value as the CLI takes it: a number, <c>nan</c>, <c>inf</c> or <c>-inf</c>.</summary>
    public static double ParseFill(string text) => text.ToLowerInvariant() switch
    {
        "nan" => double.NaN,
        "inf" or "+inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "true" => 1,
        "false" => 0,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidInputException(ErrorCode.InvalidSchema, $"'{text}' is not a fill value; give a number, nan, inf or -inf."),
    };

    public static string FormatFill(double value) => double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    public bool Equals(ArraySchema? other) =>
        other is not null && this.DType == other.DType && this.Shape.SequenceEqual(other.Shape) && this.Chunks.SequenceEqual(other.Chunks)
        && this.FillValue.Equals(other.FillValue) && this.Compression == other.Compression;

    public override int GetHashCode() => HashCode.Combine(this.DType, this.Rank, this.FillValue);

    /// <summary>One line: <c>float32 (100, 200) chunks (10, 50) fill 0</c>.</summary>
    public override string ToString() =>
        $"{this.DType.Name()} ({string.Join(", ", this.Shape)}) chunks {ColumnSchema.FormatShape(this.Chunks)} fill {FormatFill(this.FillValue)}"
        + (this.Compression == Codec.None ? "" : " " + this.Compression.ToString().ToLowerInvariant());

    private static void CheckFill(DType dtype, double fill)
    {
        bool ok = dtype switch
        {
            DType.Float16 or DType.Float32 or DType.Float64 or DType.Complex64 or DType.Complex128 => true,
            DType.Bool => fill is 0 or 1,
            _ => double.IsFinite(fill) && Math.Floor(fill) == fill && InRange(dtype, fill),
        };
        if (!ok)
            throw new InvalidInputException(ErrorCode.InvalidSchema, $"Fill value {FormatFill(fill)} does not fit dtype {dtype.Name()}.");
    }

    private static bool InRange(DType dtype, double v) => dtype switch
    {
        DType.Int8 => v is >= sbyte.MinValue and <= sbyte.MaxValue,
        DType.Int16 => v is >= short.MinValue and <= short.MaxValue,
        DType.Int32 => v is >= int.MinValue and <= int.MaxValue,
        DType.UInt8 => v is >= 0 and <= byte.MaxValue,
        DType.UInt16 => v is >= 0 and <= ushort.MaxValue,
        DType.UInt32 => v is >= 0 and <= uint.MaxValue,
        DType.UInt64 => v is >= 0 and < 18446744073709551616.0,
        _ => v is >= -9223372036854775808.0 and < 9223372036854775808.0,
    };
}
