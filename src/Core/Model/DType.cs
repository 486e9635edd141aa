using System.Numerics;

namespace Tessera;

/// <summary>Element type of an ndarray sample. The numeric values are part of the format: never renumber.</summary>
public enum DType : byte
{
    Bool = 1,
    Int8 = 2,
    Int16 = 3,
    Int32 = 4,
    Int64 = 5,
    UInt8 = 6,
    UInt16 = 7,
    UInt32 = 8,
    UInt64 = 9,
    Float16 = 10,
    Float32 = 11,
    Float64 = 12,
    Complex64 = 13,
    Complex128 = 14,
}

/// <summary>Names, sizes and CLR mappings of <see cref="DType"/>.</summary>
public static class DTypes
{
    private static readonly string[] NamesByValue =
        ["", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
         "float16", "float32", "float64", "complex64", "complex128"];

    private static readonly int[] SizesByValue = [0, 1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8, 8, 16];

    /// <summary>All dtypes, in format order.</summary>
    public static IReadOnlyList<DType> All { get; } = Enum.GetValues<DType>();

    /// <summary>The numpy-style name: <c>uint8</c>, <c>float32</c>, ...</summary>
    public static string Name(this DType dtype) => NamesByValue[(int)dtype];

    /// <summary>Bytes per element.</summary>
    public static int ItemSize(this DType dtype) => SizesByValue[(int)dtype];

    public static bool IsDefined(byte value) => value >= 1 && value <= (byte)DType.Complex128;

    /// <summary>Parses a dtype name as the CLI and JSON write it.</summary>
    public static DType Parse(string name)
    {
        for (int i = 1; i < NamesByValue.Length; i++)
        {
            if (string.Equals(NamesByValue[i], name, StringComparison.OrdinalIgnoreCase))
                return (DType)i;
        }
        throw new InvalidInputException(ErrorCode.InvalidSchema,
            $"Unknown dtype '{name}'. Use one of: {string.Join(", ", NamesByValue.Skip(1))}.");
    }

    /// <summary>The CLR element type of a dtype; null for complex64, which has none.</summary>
    public static Type? ClrType(this DType dtype) => dtype switch
    {
        DType.Bool => typeof(bool),
        DType.Int8 => typeof(sbyte),
        DType.Int16 => typeof(short),
        DType.Int32 => typeof(int),
        DType.Int64 => typeof(long),
        DType.UInt8 => typeof(byte),
        DType.UInt16 => typeof(ushort),
        DType.UInt32 => typeof(uint),
        DType.UInt64 => typeof(ulong),
        DType.Float16 => typeof(Half),
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Complex128 => typeof(Complex),
        _ => null,
    };

    /// <summary>The dtype a CLR element type stands for.</summary>
    public static DType Of<T>() where T : unmanaged => typeof(T) switch
    {
        var t when t == typeof(bool) => DType.Bool,
        var t when t == typeof(sbyte) => DType.Int8,
        var t when t == typeof(short) => DType.Int16,
        var t when t == typeof(int) => DType.Int32,
        var t when t == typeof(long) => DType.Int64,
        var t when t == typeof(byte) => DType.UInt8,
        var t when t == typeof(ushort) => DType.UInt16,
        var t when t == typeof(uint) => DType.UInt32,
        var t when t == typeof(ulong) => DType.UInt64,
        var t when t == typeof(Half) => DType.Float16,
        var t when t == typeof(float) => DType.Float32,
        var t when t == typeof(double) => DType.Float64,
        var t when t == typeof(Complex) => DType.Complex128,
        _ => throw new InvalidInputException(ErrorCode.DTypeMismatch,
            $"Element type {typeof(T).Name} has no Tessera dtype. Use bool, sbyte..long, byte..ulong, Half, float, double or Complex."),
    };
}
