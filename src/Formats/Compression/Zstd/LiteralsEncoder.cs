using System.Buffers.Binary;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// Writes the literals section of a compressed block (RFC 8878 §3.1.1.3.1): Huffman-coded when
/// that is smaller than storing them, RLE when they are one repeated byte, raw otherwise.
/// </summary>
internal static class LiteralsEncoder
{
    /// <summary>Below this many literals a tree description costs more than it saves.</summary>
    private const int MinHuffmanLiterals = 64;
    /// <summary>Up to this many literals fit the one-stream header's 10-bit sizes.</summary>
    private const int MaxSingleStream = 1023;

    /// <summary>Longest section for <paramref name="count"/> literals, slack for the bit writer included.</summary>
    public static int MaxLength(int count) => 5 + count + 8;

    /// <summary>Writes the section and returns its length.</summary>
    public static int Write(ReadOnlySpan<byte> literals, Span<byte> destination)
    {
        if (literals.Length >= MinHuffmanLiterals)
        {
            Span<int> counts = stackalloc int[256];
            foreach (byte value in literals)
            {
                counts[value]++;
            }
            if (counts[literals[0]] == literals.Length)
            {
                int header = WriteRawOrRleHeader(literals.Length, type: 1, destination);
                destination[header] = literals[0];
                return header + 1;
            }
            int compressed = WriteHuffman(literals, counts, destination);
            if (compressed > 0)
            {
                return compressed;
            }
        }
        int length = WriteRawOrRleHeader(literals.Length, type: 0, destination);
        literals.CopyTo(destination[length..]);
        return length + literals.Length;
    }

    private static int WriteRawOrRleHeader(int size, int type, Span<byte> destination)
    {
        // Size_Format 00 (5-bit size), 01 (12-bit) or 11 (20-bit) above the two type bits.
        if (size < 32)
        {
            destination[0] = (byte)(size << 3 | type);
            return 1;
        }
        if (size < 4096)
        {
            destination[0] = (byte)(size << 4 | 0b0100 | type);
            destination[1] = (byte)(size >> 4);
            return 2;
        }
        destination[0] = (byte)(size << 4 | 0b1100 | type);
        destination[1] = (byte)(size >> 4);
        destination[2] = (byte)(size >> 12);
        return 3;
    }

    /// <summary>Writes a Compressed_Literals_Block, or returns 0 when it would not be smaller than raw literals.</summary>
    private static int WriteHuffman(ReadOnlySpan<byte> literals, ReadOnlySpan<int> counts, Span<byte> destination)
    {
        var code = HuffmanCode.Build(counts);
        bool fourStreams = literals.Length > MaxSingleStream;
        int header = !fourStreams ? 3 : literals.Length < 16384 ? 4 : 5;
        Span<byte> description = stackalloc byte[HuffmanCode.MaxDescriptionLength];
        int descriptionLength = code.WriteDescription(description);
        // An upper bound: the jump table and a partial byte per stream come on top of the code bits.
        long estimate = header + descriptionLength + (fourStreams ? 6 + 5 : 1) + code.CostInBits(counts) / 8;
        if (descriptionLength == 0 || estimate >= literals.Length)
        {
            return 0;
        }
        description[..descriptionLength].CopyTo(destination[header..]);
        int position = header + descriptionLength;
        if (!fourStreams)
        {
            position += WriteStream(code, literals, destination[position..]);
        }
        else
        {
            int jumpTable = position;
            position += 6;
            int segment = (literals.Length + 3) / 4;
            for (int stream = 0; stream < 4; stream++)
            {
                int start = stream * segment;
                int length = WriteStream(code, literals.Slice(start, Math.Min(segment, literals.Length - start)), destination[position..]);
                if (stream < 3)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(jumpTable + 2 * stream)..], (ushort)length);
                }
                position += length;
            }
        }
        int compressedSize = position - header;
        if (position >= literals.Length)
        {
            return 0;
        }
        // Literals_Block_Type 2, the size format, then the regenerated and compressed sizes.
        ulong fields = fourStreams
            ? header == 4
                ? 2 | 0b1000 | (ulong)literals.Length << 4 | (ulong)compressedSize << 18
                : 2 | 0b1100 | (ulong)literals.Length << 4 | (ulong)compressedSize << 22
            : 2 | (ulong)literals.Length << 4 | (ulong)compressedSize << 14;
        for (int i = 0; i < header; i++)
        {
            destination[i] = (byte)(fields >> (8 * i));
        }
        return position;
    }

    /// <summary>Codes one stream; the decoder reads it from the end, so the last literal goes first.</summary>
    private static int WriteStream(HuffmanCode code, ReadOnlySpan<byte> literals, Span<byte> destination)
    {
        var writer = new BitWriter(destination);
        ushort[] codes = code.Codes;
        byte[] lengths = code.Lengths;
        int i = literals.Length - 1;
        // Four codes of at most 11 bits fit beside the 7 bits a flush leaves behind.
        for (; i >= 3; i -= 4)
        {
            writer.AddUnflushed(codes[literals[i]], lengths[literals[i]]);
            writer.AddUnflushed(codes[literals[i - 1]], lengths[literals[i - 1]]);
            writer.AddUnflushed(codes[literals[i - 2]], lengths[literals[i - 2]]);
            writer.AddUnflushed(codes[literals[i - 3]], lengths[literals[i - 3]]);
            writer.Flush();
        }
        for (; i >= 0; i--)
        {
            writer.Add(codes[literals[i]], lengths[literals[i]]);
        }
        return writer.Close();
    }
}
