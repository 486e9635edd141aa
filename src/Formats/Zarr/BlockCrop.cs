namespace Tessera.Formats.Zarr;

/// <summary>Cuts the leading corner out of a C-order block.</summary>
internal static class BlockCrop
{
    /// <summary>The elements [0, inside[d]) of every dimension of a block of <paramref name="shape"/>.</summary>
    public static byte[] Leading(byte[] data, int[] shape, int[] inside, int itemSize)
    {
        int rank = shape.Length;
        var strides = new long[rank];
        long stride = itemSize;
        for (int d = rank - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }
        int row = inside[^1] * itemSize;
        var result = new byte[inside.Aggregate(1L, (a, b) => a * b) * itemSize];
        var index = new int[rank];
        for (int target = 0; target < result.Length; target += row)
        {
            long source = 0;
            for (int d = 0; d < rank - 1; d++)
                source += index[d] * strides[d];
            data.AsSpan((int)source, row).CopyTo(result.AsSpan(target));
            for (int d = rank - 2; d >= 0 && ++index[d] == inside[d]; d--)
                index[d] = 0;
        }
        return result;
    }
}
