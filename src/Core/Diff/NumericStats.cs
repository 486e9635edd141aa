using System.Numerics;
using System.Runtime.InteropServices;

namespace Tessera;

/// <summary>Element-wise comparison of two numeric samples.</summary>
internal static class NumericStats
{
    public static NumericDiff Compare(Sample before, Sample after)
    {
        if (before.DType != after.DType || !before.Shape.SequenceEqual(after.Shape) || before.DType is null)
            return new NumericDiff(Math.Max(before.ElementCount, after.ElementCount), null);
        var x = before.Bytes.Span;
        var y = after.Bytes.Span;
        return before.DType.Value switch
        {
            DType.Bool or DType.UInt8 => Diff(x, y, static (byte v) => v),
            DType.Int8 => Diff(x, y, static (sbyte v) => v),
            DType.Int16 => Diff(x, y, static (short v) => v),
            DType.UInt16 => Diff(x, y, static (ushort v) => v),
            DType.Int32 => Diff(x, y, static (int v) => v),
            DType.UInt32 => Diff(x, y, static (uint v) => v),
            DType.Int64 => Diff(x, y, static (long v) => v),
            DType.UInt64 => Diff(x, y, static (ulong v) => v),
            DType.Float16 => Diff(x, y, static (Half v) => (double)v),
            DType.Float32 => Diff(x, y, static (float v) => v),
            DType.Float64 => Diff(x, y, static (double v) => v),
            DType.Complex64 => ComplexDiff(MemoryMarshal.Cast<byte, float>(x), MemoryMarshal.Cast<byte, float>(y)),
            _ => ComplexDiff(MemoryMarshal.Cast<byte, double>(x), MemoryMarshal.Cast<byte, double>(y)),
        };
    }

    private static NumericDiff Diff<T>(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Func<T, double> value) where T : unmanaged, IEquatable<T>
    {
        var a = MemoryMarshal.Cast<byte, T>(x);
        var b = MemoryMarshal.Cast<byte, T>(y);
        long changed = 0;
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].Equals(b[i]))
                continue;
            changed++;
            double d = Math.Abs(value(b[i]) - value(a[i]));
            if (d > max || double.IsNaN(d))
                max = d;
        }
        return new NumericDiff(changed, max);
    }

    private static NumericDiff ComplexDiff<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPoint<T>
    {
        long changed = 0;
        double max = 0;
        for (int i = 0; i + 1 < a.Length; i += 2)
        {
            if (a[i] == b[i] && a[i + 1] == b[i + 1])
                continue;
            changed++;
            double d = Complex.Abs(new Complex(double.CreateChecked(b[i] - a[i]), double.CreateChecked(b[i + 1] - a[i + 1])));
            if (d > max || double.IsNaN(d))
                max = d;
        }
        return new NumericDiff(changed, max);
    }
}
