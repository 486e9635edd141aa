using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Reorders the elements of a Fortran-order (first axis fastest) array into C order (last axis fastest).
/// Fortran data of shape (d0, rest…) is a C-order matrix of (product of rest) rows by d0 columns: one cache-blocked
/// transpose puts axis 0 first, and each of the d0 slices is then a Fortran array of shape (rest…), handled the same
/// way. Every pass reads and writes memory in blocks, which a direct strided gather would not.
/// </summary>
internal static class FortranToCOrder
{
    private const int Tile = 16;

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
            default: ReorderItems(fortran, c.AsSpan(), shape, itemSize); break;
        }
        return c;
    }

    private static void Reorder<T>(ReadOnlySpan<T> fortran, Span<T> c, ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        int first = (int)shape[0];
        int rest = fortran.Length / first;
        Transpose(fortran, c, rows: rest, columns: first);
        if (shape.Length == 2)
            return;
        var slice = new T[rest];
        for (int i = 0; i < first; i++)
        {
            Span<T> target = c.Slice(i * rest, rest);
            Reorder<T>(target, slice, shape[1..]);
            slice.CopyTo(target);
        }
    }

    /// <summary>Writes the transpose of the row-major <paramref name="rows"/> × <paramref name="columns"/> matrix, tile by tile.</summary>
    private static void Transpose<T>(ReadOnlySpan<T> source, Span<T> destination, int rows, int columns)
    {
        for (int rowTile = 0; rowTile < rows; rowTile += Tile)
        {
            int rowEnd = Math.Min(rows, rowTile + Tile);
            for (int columnTile = 0; columnTile < columns; columnTile += Tile)
            {
                int columnEnd = Math.Min(columns, columnTile + Tile);
                for (int row = rowTile; row < rowEnd; row++)
                {
                    // Bounds were established by the tile limits; unchecked refs keep this loop at memory speed.
                    ref readonly T sourceRow = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), (nint)row * columns);
                    ref T destinationColumn = ref Unsafe.Add(ref MemoryMarshal.GetReference(destination), row);
                    for (int column = columnTile; column < columnEnd; column++)
                        Unsafe.Add(ref destinationColumn, (nint)column * rows) = Unsafe.Add(ref Unsafe.AsRef(in sourceRow), column);
                }
            }
        }
    }

    /// <summary>Items of other sizes (strings) move as byte blocks: the same passes over an index permutation.</summary>
    private static void ReorderItems(ReadOnlySpan<byte> fortran, Span<byte> c, ReadOnlySpan<long> shape, int itemSize)
    {
        int count = fortran.Length / itemSize;
        var order = new int[count];
        for (int i = 0; i < count; i++)
            order[i] = i;
        var permuted = new int[count];
        Reorder<int>(order, permuted, shape);
        for (int i = 0; i < count; i++)
            fortran.Slice(permuted[i] * itemSize, itemSize).CopyTo(c.Slice(i * itemSize, itemSize));
    }
}
