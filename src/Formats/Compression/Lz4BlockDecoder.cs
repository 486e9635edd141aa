namespace Tessera.Formats.Compression;

/// <summary>
/// Decoder for the LZ4 block format (no frame): a sequence of tokens, each a run of literals
/// followed by a back-reference. Every read and write is bounds-checked, so corrupt input
/// raises <see cref="InvalidDataException"/> instead of reading or writing out of range.
/// </summary>
public static class Lz4BlockDecoder
{
    private const int MinMatch = 4;

    /// <summary>Decodes one LZ4 block into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int ip = 0;
        int op = 0;
        while (true)
        {
            if (ip >= source.Length)
            {
                throw new InvalidDataException("LZ4 block ends before its last literal run.");
            }
            int token = source[ip++];
            int literalLength = ReadLength(source, ref ip, token >> 4);
            if (literalLength > source.Length - ip || literalLength > destination.Length - op)
            {
                throw new InvalidDataException($"LZ4 literal run of {literalLength} bytes runs past the end of the block.");
            }
            source.Slice(ip, literalLength).CopyTo(destination[op..]);
            ip += literalLength;
            op += literalLength;
            if (ip == source.Length)
            {
                return op; // the last sequence holds literals only
            }
            if (source.Length - ip < 2)
            {
                throw new InvalidDataException("LZ4 block is truncated inside a match offset.");
            }
            int offset = source[ip] | source[ip + 1] << 8;
            ip += 2;
            if (offset == 0 || offset > op)
            {
                throw new InvalidDataException($"LZ4 match offset {offset} points before the start of the output.");
            }
            int matchLength = ReadLength(source, ref ip, token & 0xF) + MinMatch;
            if (matchLength > destination.Length - op)
            {
                throw new InvalidDataException("LZ4 match runs past the declared decompressed size.");
            }
            CopyMatch(destination, op, offset, matchLength);
            op += matchLength;
        }
    }

    private static int ReadLength(ReadOnlySpan<byte> source, ref int ip, int nibble)
    {
        long length = nibble;
        if (nibble == 15)
        {
            int b;
            do
            {
                if (ip >= source.Length)
                {
                    throw new InvalidDataException("LZ4 block is truncated inside a length.");
                }
                b = source[ip++];
                length += b;
                if (length > int.MaxValue)
                {
                    throw new InvalidDataException("LZ4 length overflows.");
                }
            } while (b == 255);
        }
        return (int)length;
    }

    /// <summary>Copies an LZ77 match; overlapping matches (offset &lt; length) repeat the pattern.</summary>
    internal static void CopyMatch(Span<byte> buffer, int op, int offset, int length)
    {
        int from = op - offset;
        if (offset >= length)
        {
            buffer.Slice(from, length).CopyTo(buffer[op..]);
            return;
        }
        for (int i = 0; i < length; i++)
        {
            buffer[op + i] = buffer[from + i];
        }
    }
}
