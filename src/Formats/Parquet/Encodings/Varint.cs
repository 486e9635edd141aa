namespace Tessera.Formats.Parquet.Encodings;

/// <summary>ULEB128 and zigzag variable-length integers of the delta encodings.</summary>
internal static class Varint
{
    public static ulong Read(ReadOnlySpan<byte> source, ref int position)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (position >= source.Length)
            {
                throw new ParquetFormatException("Delta-encoded data ends inside a variable-length integer.");
            }
            byte b = source[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new ParquetFormatException("Delta-encoded data has a malformed variable-length integer.");
    }

    public static long ReadZigZag(ReadOnlySpan<byte> source, ref int position)
    {
        ulong raw = Read(source, ref position);
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }
}
