using System.Buffers.Binary;
using System.Text;

namespace Tessera.Formats.Tests.NumPy;

/// <summary>Hand-built .npy bytes, for inputs numpy itself would never write.</summary>
public static class NpyBytes
{
    public static byte[] Build(string headerText, byte[]? data = null, int major = 1)
    {
        byte[] header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(headerText);
        int lengthSize = major == 1 ? 2 : 4;
        var bytes = new byte[8 + lengthSize + header.Length + (data?.Length ?? 0)];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = (byte)major;
        if (lengthSize == 2)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        header.CopyTo(bytes, 8 + lengthSize);
        data?.CopyTo(bytes, 8 + lengthSize + header.Length);
        return bytes;
    }

    public static string Header(string descr, string shape, string fortran = "False") =>
        $"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}\n";
}
