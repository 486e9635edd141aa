using System.Buffers.Binary;

namespace Tessera.Lsp.Features;

/// <summary>Min, max, mean and NaN count of a numeric sample, over every element (NaNs left out of the others).</summary>
internal sealed record SampleStatistics(double Min, double Max, double Mean, long NanCount)
{
    /// <summary>The statistics of a real-valued sample; null for complex dtypes and empty samples.</summary>
    public static SampleStatistics? Of(DType dtype, ReadOnlySpan<byte> bytes)
    {
        if (dtype is DType.Complex64 or DType.Complex128)
            return null;
        int size = dtype.ItemSize();
        long count = bytes.Length / size;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        long nans = 0;
        for (long i = 0; i < count; i++)
        {
            double value = Element(dtype, bytes.Slice((int)(i * size), size));
            if (double.IsNaN(value))
            {
                nans++;
                continue;
            }
            min = Math.Min(min, value);
            max = Math.Max(max, value);
            sum += value;
        }
        long numbers = count - nans;
        return count == 0 ? null : numbers == 0
            ? new SampleStatistics(double.NaN, double.NaN, double.NaN, nans)
            : new SampleStatistics(min, max, sum / numbers, nans);
    }

    private static double Element(DType dtype, ReadOnlySpan<byte> e) => dtype switch
    {
        DType.Bool => e[0] != 0 ? 1 : 0,
        DType.Int8 => (sbyte)e[0],
        DType.UInt8 => e[0],
        DType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(e),
        DType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(e),
        DType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(e),
        DType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(e),
        DType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(e),
        DType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(e),
        DType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(e),
        DType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(e),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(e),
    };
}
