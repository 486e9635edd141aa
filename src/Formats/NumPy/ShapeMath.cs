namespace Tessera.Formats.NumPy;

/// <summary>Element and byte counts of shapes, with overflow reported as a format error instead of wrapping.</summary>
internal static class ShapeMath
{
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
                throw new NpyFormatException($"Shape dimension {dimension} is negative.");
            count = Multiply(count, dimension, shape);
        }
        return count;
    }

    public static long ByteCount(ReadOnlySpan<long> shape, int itemSize) =>
        Multiply(ElementCount(shape), itemSize, shape);

    private static long Multiply(long a, long b, ReadOnlySpan<long> shape)
    {
        try
        {
            return checked(a * b);
        }
        catch (OverflowException)
        {
            throw new NpyFormatException($"Shape ({string.Join(", ", shape.ToArray())}) is too large: its size overflows a 64-bit count.");
        }
    }
}
