using System.Text;
using Tessera.Formats.NumPy;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>Deterministic arrays of every supported dtype for round-trip, oracle and fuzz tests.</summary>
public static class TestArrays
{
    public static readonly NpyDtype[] NumericDtypes =
    [
        NpyDtype.Bool, NpyDtype.Int8, NpyDtype.Int16, NpyDtype.Int32, NpyDtype.Int64,
        NpyDtype.UInt8, NpyDtype.UInt16, NpyDtype.UInt32, NpyDtype.UInt64,
        NpyDtype.Float16, NpyDtype.Float32, NpyDtype.Float64, NpyDtype.Complex64, NpyDtype.Complex128,
    ];

    public static readonly long[][] Shapes = [[], [0], [2, 0, 3], [5], [2, 3, 4]];

    private static readonly string[] Strings = ["", "a", "h\u00e9\u00e9", "\U0001F600x", "abc", "\u4e2d\u6587"];

    /// <summary>Every numeric dtype plus a U and an S array, for each shape.</summary>
    public static IEnumerable<(string Name, NpyArray Array)> All(int seed)
    {
        var random = new Random(seed);
        foreach (long[] shape in Shapes)
        {
            string shapeName = shape.Length == 0 ? "scalar" : string.Join("x", shape);
            foreach (NpyDtype dtype in NumericDtypes)
                yield return ($"{dtype.Descr[1..]}_{shapeName}", Numeric(dtype, shape, random));
            yield return ($"U_{shapeName}", Unicode(shape, random));
            yield return ($"S_{shapeName}", ByteStrings(shape, random));
        }
    }

    /// <summary>Random bit patterns (any pattern is a valid integer or float, NaN payloads included); bools are 0 or 1.</summary>
    public static NpyArray Numeric(NpyDtype dtype, long[] shape, Random random)
    {
        byte[] data = new byte[ElementCount(shape) * dtype.ItemSize];
        random.NextBytes(data);
        if (dtype.Kind == NpyKind.Bool)
        {
            for (int i = 0; i < data.Length; i++)
                data[i] &= 1;
        }
        return new NpyArray(dtype, shape, data);
    }

    public static NpyArray Unicode(long[] shape, Random random) =>
        NpyArray.FromStrings([.. Enumerable.Range(0, (int)ElementCount(shape)).Select(_ => Strings[random.Next(Strings.Length)])], shape);

    public static NpyArray ByteStrings(long[] shape, Random random) =>
        NpyArray.FromByteStrings(
            [.. Enumerable.Range(0, (int)ElementCount(shape)).Select(_ => Encoding.UTF8.GetBytes(Strings[random.Next(Strings.Length)]).Append((byte)0xFF).ToArray())],
            shape);

    private static long ElementCount(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);
}
