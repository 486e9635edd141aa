using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Formats a <c>.npy</c> header exactly as numpy's <c>_write_array_header</c> does: the dict with sorted keys, spare
/// spaces for the growth axis, space padding so the data starts on a 64-byte boundary, and a final newline.
/// Version 1.0 unless the header length needs version 2.0's 4-byte field.
/// </summary>
internal static class NpyHeaderWriter
{
    private const int ArrayAlign = 64;
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>Writes a C-order header for a little-endian (or order-free) dtype.</summary>
    public static void Write(Stream stream, NpyDtype dtype, ReadOnlySpan<long> shape) =>
        stream.Write(Format(dtype, shape));

    public static byte[] Format(NpyDtype dtype, ReadOnlySpan<long> shape)
    {
        ShapeMath.ElementCount(shape); // refuses negative or overflowing shapes before anything is written
        var dict = new StringBuilder();
        dict.Append(CultureInfo.InvariantCulture, $"{{'descr': '{dtype.Descr}', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.Length; i++)
            dict.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}{shape[i]}");
        dict.Append(shape.Length == 1 ? ",), }" : "), }");
        if (shape.Length > 0)
            dict.Append(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);

        byte[] text = Encoding.ASCII.GetBytes(dict.ToString());
        int lengthSize = 2;
        int padding = PaddingFor(text.Length, lengthSize);
        if (text.Length + padding + 1 > ushort.MaxValue)
        {
            lengthSize = 4;
            padding = PaddingFor(text.Length, lengthSize);
        }
        int headerLength = text.Length + padding + 1;

        byte[] header = new byte[8 + lengthSize + headerLength];
        NpyMagic.Bytes.CopyTo(header);
        header[6] = (byte)(lengthSize == 2 ? 1 : 2);
        header[7] = 0;
        if (lengthSize == 2)
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)headerLength);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)headerLength);
        text.CopyTo(header, 8 + lengthSize);
        header.AsSpan(8 + lengthSize + text.Length, padding).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }

    private static int PaddingFor(int textLength, int lengthSize) =>
        ArrayAlign - ((8 + lengthSize + textLength + 1) % ArrayAlign);
}
