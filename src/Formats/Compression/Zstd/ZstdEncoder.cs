using System.Buffers;
using System.Buffers.Binary;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// A ZSTD compressor (RFC 8878) tuned for speed over ratio, like <c>zstd -1</c>: greedy LZ77
/// matching (<see cref="MatchFinder"/>) within an 8 MiB window, sequences coded with the predefined
/// FSE distributions, literals Huffman-coded when that pays (<see cref="LiteralsEncoder"/>). Each
/// block of up to 128 KiB becomes an RLE block when it is one repeated byte, a compressed block
/// when that is smaller, and a raw block otherwise.
/// Frames carry the content size and, unless turned off, an XXH64 content checksum.
/// </summary>
public static class ZstdEncoder
{
    private const uint FrameMagic = 0xFD2FB528;
    private const int MaxBlockSize = 128 * 1024;
    private const int WindowLog = 23;
    /// <summary>Magic number, descriptor, window descriptor and the longest content size written.</summary>
    private const int FrameHeaderMaxSize = 4 + 1 + 1 + 4;
    /// <summary>Blocks this small cannot pay for a literals header and a sequences section.</summary>
    private const int MinCompressibleBlock = 16;

    /// <summary>Compresses <paramref name="source"/> into one frame; <paramref name="checksum"/> adds the XXH64 content checksum.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> source, bool checksum = true)
    {
        int blocks = Math.Max(1, (source.Length + MaxBlockSize - 1) / MaxBlockSize);
        var output = new byte[FrameHeaderMaxSize + blocks * 3 + source.Length + 4];
        int position = WriteFrameHeader(source.Length, checksum, output);
        int largestBlock = Math.Min(source.Length, MaxBlockSize);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(CompressedBlockWriter.MaxLength(largestBlock));
        using var finder = new MatchFinder(source.Length, Math.Min(source.Length, 1 << WindowLog), largestBlock);
        try
        {
            int offset = 0;
            do
            {
                int size = Math.Min(MaxBlockSize, source.Length - offset);
                bool last = offset + size == source.Length;
                position += WriteBlock(source, offset, size, last, finder, scratch, output.AsSpan(position));
                offset += size;
            } while (offset < source.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
        if (checksum)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(position), (uint)XxHash64.Compute(source));
            position += 4;
        }
        return output.AsSpan(0, position).ToArray();
    }

    private static int WriteFrameHeader(int contentSize, bool checksum, Span<byte> output)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(output, FrameMagic);
        // Up to the window size the frame is one segment: the decoder sizes its window from the
        // content size and no window descriptor is written.
        bool singleSegment = contentSize <= 1 << WindowLog;
        int sizeFlag = contentSize switch { < 256 when singleSegment => 0, < 256 + 65536 => 1, _ => 2 };
        output[4] = (byte)(sizeFlag << 6 | (singleSegment ? 0x20 : 0) | (checksum ? 0x04 : 0));
        int position = 5;
        if (!singleSegment)
        {
            output[position++] = (WindowLog - 10) << 3;
        }
        switch (sizeFlag)
        {
            case 0:
                output[position++] = (byte)contentSize;
                break;
            case 1:
                BinaryPrimitives.WriteUInt16LittleEndian(output[position..], (ushort)(contentSize - 256));
                position += 2;
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(output[position..], (uint)contentSize);
                position += 4;
                break;
        }
        return position;
    }

    /// <summary>Writes one block, header included, and returns its length.</summary>
    private static int WriteBlock(ReadOnlySpan<byte> source, int offset, int size, bool last, MatchFinder finder, byte[] scratch, Span<byte> output)
    {
        var block = source.Slice(offset, size);
        if (size > 0 && !block.ContainsAnyExcept(block[0]))
        {
            WriteBlockHeader(output, size, type: 1, last);
            output[3] = block[0];
            return 4;
        }
        if (size >= MinCompressibleBlock)
        {
            var repeats = finder.Repeats;
            finder.Parse(source, offset, offset + size);
            int compressed = CompressedBlockWriter.Write(finder.Literals, finder.Sequences, scratch);
            if (compressed < size)
            {
                WriteBlockHeader(output, compressed, type: 2, last);
                scratch.AsSpan(0, compressed).CopyTo(output[3..]);
                return 3 + compressed;
            }
            // The decoder never sees these sequences, so its repeat offsets stay as they were.
            finder.Repeats = repeats;
        }
        WriteBlockHeader(output, size, type: 0, last);
        block.CopyTo(output[3..]);
        return 3 + size;
    }

    private static void WriteBlockHeader(Span<byte> output, int size, int type, bool last)
    {
        int header = size << 3 | type << 1 | (last ? 1 : 0);
        output[0] = (byte)header;
        output[1] = (byte)(header >> 8);
        output[2] = (byte)(header >> 16);
    }
}
