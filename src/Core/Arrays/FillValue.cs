using System.Numerics;
using System.Runtime.InteropServices;

namespace Tessera.Arrays;

/// <summary>A whole chunk of the fill value, as bytes of the array's dtype.</summary>
internal static class FillValue
{
    public static byte[] Chunk(ArraySchema schema)
    {
        var bytes = new byte[checked((int)(schema.ChunkElements * schema.DType.ItemSize()))];
        double f = schema.FillValue;
        switch (schema.DType)
        {
            case DType.Bool or DType.UInt8: bytes.AsSpan().Fill((byte)f); break;
            case DType.Int8: bytes.AsSpan().Fill(unchecked((byte)(sbyte)f)); break;
            case DType.Int16: MemoryMarshal.Cast<byte, short>(bytes.AsSpan()).Fill((short)f); break;
            case DType.UInt16: MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan()).Fill((ushort)f); break;
            case DType.Int32: MemoryMarshal.Cast<byte, int>(bytes.AsSpan()).Fill((int)f); break;
            case DType.UInt32: MemoryMarshal.Cast<byte, uint>(bytes.AsSpan()).Fill((uint)f); break;
            case DType.Int64: MemoryMarshal.Cast<byte, long>(bytes.AsSpan()).Fill((long)f); break;
            case DType.UInt64: MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan()).Fill((ulong)f); break;
            case DType.Float16: MemoryMarshal.Cast<byte, Half>(bytes.AsSpan()).Fill((Half)f); break;
            case DType.Float32: MemoryMarshal.Cast<byte, float>(bytes.AsSpan()).Fill((float)f); break;
            case DType.Float64: MemoryMarshal.Cast<byte, double>(bytes.AsSpan()).Fill(f); break;
            case DType.Complex64:
                var pairs = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
                for (int i = 0; i < pairs.Length; i += 2)
                    pairs[i] = (float)f;
                break;
            case DType.Complex128: MemoryMarshal.Cast<byte, Complex>(bytes.AsSpan()).Fill(new Complex(f, 0)); break;
        }
        return bytes;
    }
}
