using System.Buffers.Binary;
using System.Numerics;
using System.Numerics.Tensors;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>
/// Min, max and null count of a range of values, in the sort order the format defines for the
/// column's type. Min/max are left out where that order is not plain (INT96, DECIMAL and
/// FLOAT16 binaries) or when no value qualifies (all null, all NaN).
/// </summary>
internal static class StatisticsBuilder
{
    /// <summary>
    /// The statistics of values [<paramref name="valueStart"/>, +<paramref name="valueCount"/>) of
    /// <paramref name="data"/>; given the chunk's <paramref name="dictionary"/> (exactly their distinct
    /// values), min and max come from it: the same extremes from a few thousand values instead of millions.
    /// </summary>
    public static Statistics Build(ColumnData data, int valueStart, int valueCount, long nullCount, DictionaryBuilder? dictionary = null)
    {
        var stats = new Statistics { NullCount = nullCount };
        if (valueCount == 0)
        {
            return stats;
        }
        var column = data.Column;
        var values = data.Values;
        if (dictionary is not null)
        {
            (values, valueStart, valueCount) = (dictionary.Values, 0, dictionary.Count);
        }
        bool unsigned = column.Field.LogicalType is { Kind: LogicalTypeKind.Integer, IsSigned: false };
        (stats.Min, stats.Max) = values switch
        {
            int[] ints => unsigned ? MinMaxInt32Unsigned(ints.AsSpan(valueStart, valueCount)) : MinMax(ints.AsSpan(valueStart, valueCount), Encode),
            long[] longs => unsigned ? MinMaxInt64Unsigned(longs.AsSpan(valueStart, valueCount)) : MinMax(longs.AsSpan(valueStart, valueCount), Encode),
            float[] floats => MinMaxFloat(floats.AsSpan(valueStart, valueCount)),
            double[] doubles => MinMaxDouble(doubles.AsSpan(valueStart, valueCount)),
            bool[] bools => MinMaxBool(bools.AsSpan(valueStart, valueCount)),
            BinaryValues binary when HasByteOrder(column) => MinMaxBinary(binary, valueStart, valueCount),
            _ => (null, null),
        };
        return stats;
    }

    // INTERVAL's sort order is undefined by the format, so it gets no min/max.
    private static bool HasByteOrder(ColumnDescriptor column) =>
        column.Field.LogicalType?.Kind is null or LogicalTypeKind.String or LogicalTypeKind.Enum or LogicalTypeKind.Json or LogicalTypeKind.Uuid
        && column.Field.ConvertedType != ConvertedType.Interval;

    private static (byte[], byte[]) MinMax<T>(ReadOnlySpan<T> values, Func<T, byte[]> encode) where T : IComparable<T>
    {
        T min = values[0], max = values[0];
        foreach (var value in values)
        {
            if (value.CompareTo(min) < 0)
            {
                min = value;
            }
            if (value.CompareTo(max) > 0)
            {
                max = value;
            }
        }
        return (encode(min), encode(max));
    }

    private static (byte[], byte[]) MinMaxInt32Unsigned(ReadOnlySpan<int> values)
    {
        uint min = uint.MaxValue, max = 0;
        foreach (int value in values)
        {
            min = Math.Min(min, (uint)value);
            max = Math.Max(max, (uint)value);
        }
        return (Encode((int)min), Encode((int)max));
    }

    private static (byte[], byte[]) MinMaxInt64Unsigned(ReadOnlySpan<long> values)
    {
        ulong min = ulong.MaxValue, max = 0;
        foreach (long value in values)
        {
            min = Math.Min(min, (ulong)value);
            max = Math.Max(max, (ulong)value);
        }
        return (Encode((long)min), Encode((long)max));
    }

    /// <summary>NaNs are skipped; a zero minimum is written as -0 and a zero maximum as +0, as the format asks.</summary>
    private static (byte[]?, byte[]?) MinMaxDouble(ReadOnlySpan<double> values) =>
        FloatingRange(values) is var (min, max) ? (Encode(min == 0 ? -0.0 : min), Encode(max == 0 ? 0.0 : max)) : (null, null);

    private static (byte[]?, byte[]?) MinMaxFloat(ReadOnlySpan<float> values) =>
        FloatingRange(values) is var (min, max) ? (Encode(min == 0 ? -0.0f : min), Encode(max == 0 ? 0.0f : max)) : (null, null);

    /// <summary>The least and greatest values that are not NaN, or null when there are none.</summary>
    private static (T Min, T Max)? FloatingRange<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.IsEmpty)
        {
            return null;
        }
        // Vector minimum and maximum order -0 below +0 as T.Min does, and give NaN when any value
        // is NaN: only then is the loop that skips NaNs needed.
        T least = TensorPrimitives.Min(values);
        if (!T.IsNaN(least))
        {
            return (least, TensorPrimitives.Max(values));
        }
        T min = T.PositiveInfinity, max = T.NegativeInfinity;
        bool any = false;
        foreach (T value in values)
        {
            if (!T.IsNaN(value))
            {
                any = true;
                min = T.Min(min, value);
                max = T.Max(max, value);
            }
        }
        return any ? (min, max) : null;
    }

    private static (byte[], byte[]) MinMaxBool(ReadOnlySpan<bool> values) =>
        ([values.Contains(false) ? (byte)0 : (byte)1], [values.Contains(true) ? (byte)1 : (byte)0]);

    private static (byte[], byte[]) MinMaxBinary(BinaryValues values, int start, int count)
    {
        int min = start, max = start;
        for (int i = start + 1; i < start + count; i++)
        {
            if (values[i].SequenceCompareTo(values[min]) < 0)
            {
                min = i;
            }
            if (values[i].SequenceCompareTo(values[max]) > 0)
            {
                max = i;
            }
        }
        return (values[min].ToArray(), values[max].ToArray());
    }

    private static byte[] Encode(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Encode(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Encode(float value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Encode(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        return bytes;
    }
}
