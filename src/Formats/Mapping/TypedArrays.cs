using System.Numerics;
using System.Runtime.InteropServices;

namespace Tessera.Formats.Mapping;

/// <summary>Code that runs on an array of any element type Tessera stores (see <see cref="TypedArrays.Visit"/>).</summary>
internal interface ITypedAction
{
    void Run<T>(T[] values) where T : unmanaged;
}

/// <summary>
/// Element arrays of the dtypes that have a CLR type (all but complex64), so batch APIs such as
/// <see cref="WritableColumn.AddRange{T}"/> can be called without one switch per call site.
/// </summary>
internal static class TypedArrays
{
    /// <summary>Calls <paramref name="action"/> with <paramref name="values"/> at its element type.</summary>
    /// <remarks>
    /// Dispatches on the exact element type: the runtime lets a byte[] pass as sbyte[] (and int[] as
    /// uint[], long[] as ulong[]), so type patterns such as <c>case sbyte[]</c> would pick the wrong one.
    /// </remarks>
    public static void Visit(Array values, ITypedAction action)
    {
        var type = values.GetType().GetElementType();
        if (type == typeof(bool)) action.Run((bool[])values);
        else if (type == typeof(sbyte)) action.Run((sbyte[])values);
        else if (type == typeof(short)) action.Run((short[])values);
        else if (type == typeof(int)) action.Run((int[])values);
        else if (type == typeof(long)) action.Run((long[])values);
        else if (type == typeof(byte)) action.Run((byte[])values);
        else if (type == typeof(ushort)) action.Run((ushort[])values);
        else if (type == typeof(uint)) action.Run((uint[])values);
        else if (type == typeof(ulong)) action.Run((ulong[])values);
        else if (type == typeof(Half)) action.Run((Half[])values);
        else if (type == typeof(float)) action.Run((float[])values);
        else if (type == typeof(double)) action.Run((double[])values);
        else if (type == typeof(Complex)) action.Run((Complex[])values);
        else throw new ArgumentException($"{values.GetType().Name} is not an array of a Tessera dtype.", nameof(values));
    }

    /// <summary>True when <paramref name="dtype"/> has a CLR element type (complex64 has none).</summary>
    public static bool HasClrType(DType dtype) => dtype != DType.Complex64;

    /// <summary>Copies little-endian element bytes into a new array of the dtype's CLR type.</summary>
    public static Array FromBytes(DType dtype, ReadOnlySpan<byte> bytes) => dtype switch
    {
        DType.Bool => Copy<bool>(bytes),
        DType.Int8 => Copy<sbyte>(bytes),
        DType.Int16 => Copy<short>(bytes),
        DType.Int32 => Copy<int>(bytes),
        DType.Int64 => Copy<long>(bytes),
        DType.UInt8 => bytes.ToArray(),
        DType.UInt16 => Copy<ushort>(bytes),
        DType.UInt32 => Copy<uint>(bytes),
        DType.UInt64 => Copy<ulong>(bytes),
        DType.Float16 => Copy<Half>(bytes),
        DType.Float32 => Copy<float>(bytes),
        DType.Float64 => Copy<double>(bytes),
        DType.Complex128 => Copy<Complex>(bytes),
        _ => throw new ArgumentException($"dtype {dtype.Name()} has no CLR element type.", nameof(dtype)),
    };

    private static T[] Copy<T>(ReadOnlySpan<byte> bytes) where T : unmanaged => MemoryMarshal.Cast<byte, T>(bytes).ToArray();
}
