namespace Tessera.Manifests;

/// <summary>Reads LEB128 unsigned varints, the integers of page encodings (<see cref="ByteWriter"/> writes them).</summary>
internal static class VarInt
{
    public static ulong Read(ReadOnlySpan<byte> src, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= src.Length)
                throw new CorruptObjectException("A page is truncated inside a number; verify the repository.");
            byte b = src[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }
        throw new CorruptObjectException("A page holds an overlong number; verify the repository.");
    }

    public static int ReadInt(ReadOnlySpan<byte> src, ref int pos, int max)
    {
        ulong v = Read(src, ref pos);
        if (v > (ulong)max)
            throw new CorruptObjectException($"A page holds a count {v} above {max}; verify the repository.");
        return (int)v;
    }
}
