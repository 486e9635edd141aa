using System.Runtime.InteropServices;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Reorders the elements of a Fortran-order (first axis fastest) array into C order (last axis fastest).
/// Walks the destination sequentially and the source by Fortran strides, so each element moves once.
/// </summary>
internal static class FortranToCOrder
{
    public static byte[] Convert(ReadOnlySpan<byte> fortran, ReadOnlySpan<long> shape, int itemSize)
    {
        byte[] c = new byte[fortran.Length];
        if (shape.Length < 2 || fortran.IsEmpty)
        {
            fortran.CopyTo(c); // with fewer than two axes both orders are the same
            return c;
        }
        switch (itemSize)
        {
            case 1: Reorder(fortran, c.AsSpan(), shape); break;
            case 2: Reorder(MemoryMarshal.Cast<byte, ushort>(fortran), MemoryMarshal.Cast<byte, ushort>(c.AsSpan()), shape); break;
            case 4: Reorder(MemoryMarshal.Cast<byte, uint>(fortran), MemoryMarshal.Cast<byte, uint>(c.AsSpan()), shape); break;
            case 8: Reorder(MemoryMarshal.Cast<byte, ulong>(fortran), MemoryMarshal.Cast<byte, ulong>(c.AsSpan()), shape); break;
            case 16: Reorder(MemoryMarshal.Cast<byte, UInt128>(fortran), MemoryMarshal.Cast<byte, UInt128>(c.AsSpan()), shape); break;
            default: ReorderBlocks(fortran, c.AsSpan(), shape, itemSize); break;
        }
        return c;
    }

    private static void Reorder<T>(ReadOnlySpan<T> source, Span<T> destination, ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        var walk = new FortranWalk(shape);
        long innerStride = walk.InnerStride;
        int innerLength = (int)shape[^1];
        for (int d = 0; d < destination.Length; d += innerLength)
        {
            long s = walk.RowStart;
            Span<T> row = destination.Slice(d, innerLength);
            for (int i = 0; i < row.Length; i++, s += innerStride)
                row[i] = source[(int)s];
            walk.NextRow();
        }
    }

    private static void ReorderBlocks(ReadOnlySpan<byte> source, Span<byte> destination, ReadOnlySpan<long> shape, int itemSize)
    {
        var walk = new FortranWalk(shape);
        long innerStride = walk.InnerStride * itemSize;
        int innerLength = (int)shape[^1];
        int rowBytes = innerLength * itemSize;
        for (int d = 0; d < destination.Length; d += rowBytes)
        {
            long s = walk.RowStart * itemSize;
            for (int i = 0; i < innerLength; i++, s += innerStride)
                source.Slice((int)s, itemSize).CopyTo(destination.Slice(d + (i * itemSize), itemSize));
            walk.NextRow();
        }
    }

    /// <summary>An odometer over all axes but the last, tracking where each C-order row starts in the Fortran data.</summary>
    private struct FortranWalk
    {
        private readonly long[] shape;
        private readonly long[] strides;
        private readonly long[] index;

        public FortranWalk(ReadOnlySpan<long> shape)
        {
            this.shape = shape.ToArray();
            strides = new long[shape.Length];
            index = new long[shape.Length];
            long stride = 1;
            for (int axis = 0; axis < shape.Length; axis++)
            {
                strides[axis] = stride;
                stride *= shape[axis];
            }
            RowStart = 0;
        }

        public readonly long InnerStride => strides[^1];

        public long RowStart { get; private set; }

        public void NextRow()
        {
            for (int axis = shape.Length - 2; axis >= 0; axis--)
            {
                if (++index[axis] < shape[axis])
                {
                    RowStart += strides[axis];
                    return;
                }
                RowStart -= strides[axis] * (shape[axis] - 1);
                index[axis] = 0;
            }
        }
    }
}
