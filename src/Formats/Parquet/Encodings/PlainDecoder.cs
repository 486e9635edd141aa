using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Encodings;

/// <summary>Decoder for PLAIN values: little-endian fixed-width values, bit-packed booleans,
/// length-prefixed byte arrays and fixed-length byte arrays.</summary>
internal static class PlainDecoder
{
    /// <summary>Decodes fixed-width numbers (int, long, float, double); returns bytes consumed.</summary>
    public static int DecodeFixed<T>(ReadOnlySpan<byte> source, Span<T> output) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(output);
        if (bytes.Length > source.Length)
        {
            throw new ParquetFormatException($"PLAIN data holds {source.Length} bytes, fewer than {output.Length} {typeof(T).Name} values need.");
        }
        source[..bytes.Length].CopyTo(bytes);
        return bytes.Length;
    }

    public static int DecodeBooleans(ReadOnlySpan<byte> source, Span<bool> output)
    {
        int byteLength = (output.Length + 7) / 8;
        if (byteLength > source.Length)
        {
            throw new ParquetFormatException("PLAIN boolean data is truncated.");
        }
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = (source[i >> 3] >> (i & 7) & 1) != 0;
        }
        return byteLength;
    }

    public static int DecodeInt96(ReadOnlySpan<byte> source, Span<Int96> output)
    {
        if ((long)output.Length * 12 > source.Length)
        {
            throw new ParquetFormatException("PLAIN INT96 data is truncated.");
        }
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = Int96.Read(source.Slice(i * 12, 12));
        }
        return output.Length * 12;
    }

    public static int DecodeByteArrays(ReadOnlySpan<byte> source, int count, BinaryValues output)
    {
        output.EnsureCapacity(count, source.Length - 4L * count);
        int position = 0;
        for (int i = 0; i < count; i++)
        {
            if (source.Length - position < 4)
            {
                throw new ParquetFormatException($"PLAIN byte array {i} of {count} is truncated.");
            }
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(source[position..]);
            position += 4;
            if (length > (uint)(source.Length - position))
            {
                throw new ParquetFormatException($"PLAIN byte array {i} declares {length} bytes, past the end of the page.");
            }
            output.Add(source.Slice(position, (int)length));
            position += (int)length;
        }
        return position;
    }

    public static int DecodeFixedLengthByteArrays(ReadOnlySpan<byte> source, int count, int width, BinaryValues output)
    {
        long total = (long)count * width;
        if (total > source.Length)
        {
            throw new ParquetFormatException($"PLAIN data holds {source.Length} bytes, fewer than {count} values of {width} bytes need.");
        }
        output.EnsureCapacity(count, total);
        for (int i = 0; i < count; i++)
        {
            output.Add(source.Slice(i * width, width));
        }
        return (int)total;
    }
}
