using System.Buffers.Binary;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>Decodes the literals section of a compressed block (RFC 8878 §3.1.1.3.1).</summary>
internal static class LiteralsDecoder
{
    private enum LiteralsType { Raw = 0, Rle = 1, Compressed = 2, Treeless = 3 }

    /// <summary>
    /// Decodes literals into <paramref name="literals"/>; returns the section's length in the
    /// block. <paramref name="huffman"/> carries the previous table for treeless sections.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> block, byte[] literals, out int literalCount, ref HuffmanTable? huffman)
    {
        if (block.IsEmpty)
        {
            throw new InvalidDataException("ZSTD compressed block has no literals section.");
        }
        var type = (LiteralsType)(block[0] & 3);
        int sizeFormat = (block[0] >> 2) & 3;
        if (type is LiteralsType.Raw or LiteralsType.Rle)
        {
            int headerLength;
            switch (sizeFormat)
            {
                case 0 or 2:
                    headerLength = 1;
                    literalCount = block[0] >> 3;
                    break;
                case 1:
                    headerLength = 2;
                    RequireLength(block, 2);
                    literalCount = (block[0] >> 4) + (block[1] << 4);
                    break;
                default:
                    headerLength = 3;
                    RequireLength(block, 3);
                    literalCount = (block[0] >> 4) + (block[1] << 4) + (block[2] << 12);
                    break;
            }
            CheckLiteralCount(literalCount, literals);
            if (type == LiteralsType.Raw)
            {
                RequireLength(block, headerLength + literalCount);
                block.Slice(headerLength, literalCount).CopyTo(literals);
                return headerLength + literalCount;
            }
            RequireLength(block, headerLength + 1);
            literals.AsSpan(0, literalCount).Fill(block[headerLength]);
            return headerLength + 1;
        }

        int header;
        int compressedSize;
        bool fourStreams = sizeFormat != 0;
        switch (sizeFormat)
        {
            case 0 or 1:
                RequireLength(block, 3);
                header = 3;
                uint h3 = (uint)(block[0] | block[1] << 8 | block[2] << 16);
                literalCount = (int)((h3 >> 4) & 0x3FF);
                compressedSize = (int)((h3 >> 14) & 0x3FF);
                break;
            case 2:
                RequireLength(block, 4);
                header = 4;
                uint h4 = BinaryPrimitives.ReadUInt32LittleEndian(block);
                literalCount = (int)((h4 >> 4) & 0x3FFF);
                compressedSize = (int)(h4 >> 18);
                break;
            default:
                RequireLength(block, 5);
                header = 5;
                ulong h5 = BinaryPrimitives.ReadUInt32LittleEndian(block) | (ulong)block[4] << 32;
                literalCount = (int)((h5 >> 4) & 0x3FFFF);
                compressedSize = (int)((h5 >> 22) & 0x3FFFF);
                break;
        }
        CheckLiteralCount(literalCount, literals);
        RequireLength(block, header + compressedSize);
        var payload = block.Slice(header, compressedSize);
        if (type == LiteralsType.Compressed)
        {
            huffman = HuffmanTable.Read(payload, out int treeLength);
            payload = payload[treeLength..];
        }
        else if (huffman is null)
        {
            throw new InvalidDataException("ZSTD treeless literals appear before any Huffman table.");
        }
        var output = literals.AsSpan(0, literalCount);
        if (!fourStreams)
        {
            huffman.DecodeStream(payload, output);
        }
        else
        {
            DecodeFourStreams(huffman, payload, output);
        }
        return header + compressedSize;
    }

    private static void DecodeFourStreams(HuffmanTable huffman, ReadOnlySpan<byte> payload, Span<byte> output)
    {
        if (payload.Length < 6)
        {
            throw new InvalidDataException("ZSTD literals jump table is truncated.");
        }
        int size1 = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        int size2 = BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]);
        int size3 = BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]);
        int size4 = payload.Length - 6 - size1 - size2 - size3;
        if (size4 < 0)
        {
            throw new InvalidDataException("ZSTD literals jump table exceeds the literals section.");
        }
        int segment = (output.Length + 3) / 4;
        if (segment * 3 > output.Length)
        {
            throw new InvalidDataException("ZSTD four-stream literals are too short to split.");
        }
        var streams = payload[6..];
        huffman.DecodeStream(streams[..size1], output[..segment]);
        huffman.DecodeStream(streams.Slice(size1, size2), output.Slice(segment, segment));
        huffman.DecodeStream(streams.Slice(size1 + size2, size3), output.Slice(2 * segment, segment));
        huffman.DecodeStream(streams.Slice(size1 + size2 + size3, size4), output[(3 * segment)..]);
    }

    private static void CheckLiteralCount(int count, byte[] literals)
    {
        if (count > literals.Length)
        {
            throw new InvalidDataException($"ZSTD block declares {count} literals, more than a block can hold.");
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> block, int length)
    {
        if (block.Length < length)
        {
            throw new InvalidDataException("ZSTD literals section is truncated.");
        }
    }
}
