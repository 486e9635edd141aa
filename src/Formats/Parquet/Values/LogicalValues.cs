using System.Numerics;
using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Values;

/// <summary>
/// Converts one physical value to the .NET value its logical type describes: string, sbyte..ulong,
/// <see cref="DateOnly"/>, <see cref="TimeValue"/>, <see cref="TimestampValue"/>, <see cref="DecimalValue"/>,
/// <see cref="Guid"/>, <see cref="Half"/>; unannotated values stay physical (byte[] for binary).
/// </summary>
internal static class LogicalValues
{
    public static object Convert(ColumnData data, int index)
    {
        var logical = data.Column.Field.LogicalType;
        return data.Values switch
        {
            bool[] b => b[index],
            int[] i => FromInt32(i[index], logical),
            long[] l => FromInt64(l[index], logical),
            Int96[] x => x[index],
            float[] f => f[index],
            double[] d => d[index],
            BinaryValues binary => FromBinary(binary[index], logical),
            _ => throw new InvalidOperationException($"Unexpected value storage {data.Values.GetType().Name}."),
        };
    }

    private static object FromInt32(int value, LogicalType? logical) => logical?.Kind switch
    {
        LogicalTypeKind.Integer => (logical.BitWidth, logical.IsSigned) switch
        {
            (8, true) => (sbyte)value,
            (16, true) => (short)value,
            (8, false) => (byte)value,
            (16, false) => (ushort)value,
            (32, false) => (uint)value,
            _ => value,
        },
        LogicalTypeKind.Date => DateOnly.FromDayNumber(ToDayNumber(value)),
        LogicalTypeKind.Time => new TimeValue(value, logical.Unit),
        LogicalTypeKind.Decimal => new DecimalValue(value, logical.Scale),
        _ => value,
    };

    private static object FromInt64(long value, LogicalType? logical) => logical?.Kind switch
    {
        LogicalTypeKind.Integer when !logical.IsSigned => (ulong)value,
        LogicalTypeKind.Timestamp => new TimestampValue(value, logical.Unit, logical.IsAdjustedToUtc),
        LogicalTypeKind.Time => new TimeValue(value, logical.Unit),
        LogicalTypeKind.Decimal => new DecimalValue(value, logical.Scale),
        _ => value,
    };

    private static object FromBinary(ReadOnlySpan<byte> value, LogicalType? logical) => logical?.Kind switch
    {
        LogicalTypeKind.String or LogicalTypeKind.Enum or LogicalTypeKind.Json => System.Text.Encoding.UTF8.GetString(value),
        LogicalTypeKind.Decimal => new DecimalValue(value.IsEmpty ? BigInteger.Zero : new BigInteger(value, isUnsigned: false, isBigEndian: true), logical.Scale),
        LogicalTypeKind.Uuid when value.Length == 16 => new Guid(value, bigEndian: true),
        LogicalTypeKind.Float16 when value.Length == 2 => BitConverter.Int16BitsToHalf((short)(value[0] | value[1] << 8)),
        _ => value.ToArray(),
    };

    /// <summary>Day number (days since 0001-01-01) of a Parquet DATE, clamped to DateOnly's range.</summary>
    private static int ToDayNumber(int daysSinceUnixEpoch)
    {
        const int UnixEpochDayNumber = 719_162;
        long dayNumber = (long)daysSinceUnixEpoch + UnixEpochDayNumber;
        return (int)Math.Clamp(dayNumber, DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber);
    }
}
