using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Brings raw element bytes of a stored dtype to the in-memory form of <see cref="NpyArray"/>: little-endian
/// (bulk byte reversal per swap unit) and bools as exactly 0 or 1, because numpy reads any nonzero byte as True
/// while a .NET <see cref="bool"/> holding another value misbehaves.
/// </summary>
internal static class ByteOrderNormalizer
{
    public static void ToLittleEndian(Span<byte> data, NpyDtype storedDtype)
    {
        if (storedDtype.Kind == NpyKind.Bool)
        {
            NormalizeBools(data);
            return;
        }
        if (storedDtype.ByteOrder != NpyByteOrder.Big)
            return;
        switch (storedDtype.SwapUnitSize)
        {
            case 2:
                var shorts = MemoryMarshal.Cast<byte, ushort>(data);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = MemoryMarshal.Cast<byte, uint>(data);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = MemoryMarshal.Cast<byte, ulong>(data);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }

    private static void NormalizeBools(Span<byte> data)
    {
        int firstOther = data.IndexOfAnyExcept((byte)0, (byte)1);
        if (firstOther < 0)
            return;
        foreach (ref byte b in data[firstOther..])
            b = b == 0 ? (byte)0 : (byte)1;
    }
}
