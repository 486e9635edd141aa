using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Encodings;

/// <summary>Encoder for PLAIN values (the inverse of <see cref="PlainDecoder"/>).</summary>
internal static class PlainEncoder
{
    public static void EncodeFixed<T>(ReadOnlySpan<T> values, IBufferWriter<byte> output) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    public static void EncodeBooleans(ReadOnlySpan<bool> values, IBufferWriter<byte> output)
    {
        int byteLength = (values.Length + 7) / 8;
        var span = output.GetSpan(byteLength)[..byteLength];
        span.Clear();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i])
            {
                span[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        output.Advance(byteLength);
    }

    public static void EncodeInt96(ReadOnlySpan<Int96> values, IBufferWriter<byte> output)
    {
        foreach (var value in values)
        {
            value.Write(output.GetSpan(12));
            output.Advance(12);
        }
    }

    /// <summary>Writes binary values <paramref name="start"/>..start+count, length-prefixed unless <paramref name="fixedLength"/>.</summary>
    public static void EncodeBinary(BinaryValues values, int start, int count, bool fixedLength, IBufferWriter<byte> output)
    {
        for (int i = start; i < start + count; i++)
        {
            var value = values[i];
            var span = output.GetSpan(value.Length + 4);
            if (!fixedLength)
            {
                BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
                span = span[4..];
            }
            value.CopyTo(span);
            output.Advance(value.Length + (fixedLength ? 0 : 4));
        }
    }
}
