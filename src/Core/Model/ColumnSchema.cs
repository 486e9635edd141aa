namespace Tessera;

/// <summary>What a column holds.</summary>
public enum ColumnKind : byte
{
    /// <summary>Numeric arrays of one dtype.</summary>
    NDArray = 0,
    /// <summary>UTF-8 strings.</summary>
    Str = 1,
    /// <summary>Opaque byte strings.</summary>
    Bytes = 2,
}

/// <summary>How a column's samples are keyed.</summary>
public enum ColumnLayout : byte
{
    /// <summary>key → sample.</summary>
    Flat = 0,
    /// <summary>key → subkey → sample.</summary>
    Nested = 1,
}

/// <summary>Compression of stored sample bytes. The numeric values are part of the format.</summary>
public enum Codec : byte
{
    None = 0,
    Snappy = 1,
    Deflate = 2,
    Brotli = 3,
    /// <summary>ZSTD of the element bytes, shuffled by element first (format section 3.4).</summary>
    Zstd = 4,

    /// <summary>
    /// ZSTD of a blob's distinct elements and each element's index among them (format section 3.4):
    /// what runs of numbers that take few values are stored with, when it is smaller than <see cref="Zstd"/>.
    /// </summary>
    Dictionary = 5,
}

/// <summary>
/// The schema of a column: kind, dtype and shape (fixed, or variable up to a max shape),
/// layout and compression. Create with <see cref="NDArray"/>, <see cref="VariableNDArray"/>,
/// <see cref="Str"/> or <see cref="Bytes"/>.
/// </summary>
public sealed record ColumnSchema
{
    public const int MaxRank = 31;

    private ColumnSchema(ColumnKind kind, DType? dtype, int[]? shape, bool variableShape)
    {
        this.Kind = kind;
        this.DType = dtype;
        this.Shape = shape ?? [];
        this.VariableShape = variableShape;
    }

    public ColumnKind Kind { get; }

    /// <summary>The element type; null for str and bytes columns.</summary>
    public DType? DType { get; }

    /// <summary>The fixed shape, or the max shape when <see cref="VariableShape"/>.</summary>
    public IReadOnlyList<int> Shape { get; }

    public bool VariableShape { get; }

    private readonly Codec compression = Codec.None;

    public ColumnLayout Layout { get; init; } = ColumnLayout.Flat;

    /// <summary>The codec of the column's stored samples; <see cref="Codec.Dictionary"/> is not one (the writer picks it for runs).</summary>
    public Codec Compression
    {
        get => this.compression;
        init => this.compression = value is >= Codec.None and <= Codec.Zstd ? value
            : throw new InvalidInputException(ErrorCode.InvalidSchema, $"'{value.ToString().ToLowerInvariant()}' is not a column compression (the writer stores runs of few distinct values with the dictionary codec by itself). Use none, snappy, deflate, brotli or zstd.");
    }

    /// <summary>A column of arrays with exactly this shape (rank 0 is a scalar).</summary>
    public static ColumnSchema NDArray(DType dtype, params int[] shape)
    {
        ValidateShape(shape, "shape");
        return new ColumnSchema(ColumnKind.NDArray, dtype, (int[])shape.Clone(), variableShape: false);
    }

    /// <summary>A column of arrays of rank <c>maxShape.Length</c>, each dimension at most its max.</summary>
    public static ColumnSchema VariableNDArray(DType dtype, params int[] maxShape)
    {
        ValidateShape(maxShape, "max shape");
        return new ColumnSchema(ColumnKind.NDArray, dtype, (int[])maxShape.Clone(), variableShape: true);
    }

    public static ColumnSchema Str() => new(ColumnKind.Str, null, null, variableShape: true);

    public static ColumnSchema Bytes() => new(ColumnKind.Bytes, null, null, variableShape: true);

    /// <summary>Number of elements in a fixed-shape sample.</summary>
    public long ElementCount => this.Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Checks a sample's dtype and shape against this schema; throws with a clear message.</summary>
    public void CheckSample(DType dtype, ReadOnlySpan<int> shape)
    {
        if (this.Kind != ColumnKind.NDArray)
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"This is a {this.Kind.Name()} column; it takes {this.Kind.Name()} samples, not arrays.");
        if (dtype != this.DType)
            throw new InvalidInputException(ErrorCode.DTypeMismatch, $"Sample dtype {dtype.Name()} does not match the column's dtype {this.DType!.Value.Name()}.");
        if (shape.Length != this.Shape.Count)
        {
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"Sample rank {shape.Length} ({FormatShape(shape)}) does not match the column's rank {this.Shape.Count} ({FormatShape(this.Shape)}).");
        }
        for (int i = 0; i < shape.Length; i++)
        {
            if (this.VariableShape ? shape[i] > this.Shape[i] || shape[i] < 0 : shape[i] != this.Shape[i])
            {
                string rule = this.VariableShape ? "max shape" : "shape";
                throw new InvalidInputException(ErrorCode.ShapeMismatch,
                    $"Sample shape {FormatShape(shape)} does not fit the column's {rule} {FormatShape(this.Shape)} (dimension {i}).");
            }
        }
    }

    public static string FormatShape(IEnumerable<int> shape) => "(" + string.Join(", ", shape) + (shape.Count() == 1 ? ",)" : ")");

    public static string FormatShape(ReadOnlySpan<int> shape) => FormatShape((IEnumerable<int>)shape.ToArray());

    public bool Equals(ColumnSchema? other) =>
        other is not null && this.Kind == other.Kind && this.DType == other.DType && this.VariableShape == other.VariableShape
        && this.Layout == other.Layout && this.Compression == other.Compression && this.Shape.SequenceEqual(other.Shape);

    public override int GetHashCode() => HashCode.Combine(this.Kind, this.DType, this.VariableShape, this.Layout, this.Shape.Count);

    /// <summary>One line: <c>ndarray uint8 (28, 28)</c>, <c>ndarray float32 ≤(100, 100)</c>, <c>str nested</c>.</summary>
    public override string ToString()
    {
        var text = this.Kind == ColumnKind.NDArray
            ? $"ndarray {this.DType!.Value.Name()} {(this.VariableShape ? "≤" : "")}{FormatShape(this.Shape)}"
            : this.Kind.Name();
        if (this.Layout == ColumnLayout.Nested)
            text += " nested";
        if (this.Compression != Codec.None)
            text += " " + this.Compression.ToString().ToLowerInvariant();
        return text;
    }

    private static void ValidateShape(int[] shape, string what)
    {
        if (shape.Length > MaxRank)
            throw new InvalidInputException(ErrorCode.InvalidSchema, $"The {what} has rank {shape.Length}; the maximum rank is {MaxRank}.");
        foreach (int d in shape)
        {
            if (d <= 0)
                throw new InvalidInputException(ErrorCode.InvalidSchema, $"The {what} {FormatShape(shape)} has a dimension ≤ 0; zero-size samples are not stored.");
        }
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
            if (n > int.MaxValue)
                throw new InvalidInputException(ErrorCode.InvalidSchema, $"The {what} {FormatShape(shape)} has more than 2^31 elements; split it into several samples.");
        }
    }
}

/// <summary>Names of column kinds as the CLI and JSON write them.</summary>
public static class ColumnKinds
{
    public static string Name(this ColumnKind kind) => kind switch
    {
        ColumnKind.NDArray => "ndarray",
        ColumnKind.Str => "str",
        ColumnKind.Bytes => "bytes",
        _ => kind.ToString(),
    };

    public static ColumnKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "ndarray" => ColumnKind.NDArray,
        "str" => ColumnKind.Str,
        "bytes" => ColumnKind.Bytes,
        _ => throw new InvalidInputException(ErrorCode.InvalidSchema, $"Unknown column kind '{name}'. Use ndarray, str or bytes."),
    };

    public static Codec ParseCodec(string name) => name.ToLowerInvariant() switch
    {
        "none" => Codec.None,
        "snappy" => Codec.Snappy,
        "deflate" => Codec.Deflate,
        "brotli" => Codec.Brotli,
        "zstd" => Codec.Zstd,
        _ => throw new InvalidInputException(ErrorCode.InvalidSchema, $"Unknown compression '{name}'. Use none, snappy, deflate, brotli or zstd."),
    };
}
