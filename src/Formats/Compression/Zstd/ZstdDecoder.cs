using System.Buffers;
using System.Buffers.Binary;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// A ZSTD decompressor (RFC 8878): one or more frames, skippable frames, raw/RLE/compressed
/// blocks, Huffman literals, FSE sequences, repeat offsets, and the optional content checksum.
/// Dictionaries are not supported. Corrupt input raises <see cref="InvalidDataException"/>.
/// </summary>
public static class ZstdDecoder
{
    private const uint FrameMagic = 0xFD2FB528;
    private const uint SkippableMagicMask = 0xFFFFFFF0;
    private const uint SkippableMagic = 0x184D2A50;
    private const int MaxBlockSize = 128 * 1024;

    /// <summary>
    /// Decompresses into <paramref name="destination"/>, which must be large enough;
    /// returns the number of bytes written.
    /// </summary>
    public static int Decompress(ReadOnlySpan<byte> source, byte[] destination)
    {
        var output = new OutputBuffer(destination, canGrow: false, destination.Length);
        DecodeFrames(source, output);
        return output.Length;
    }

    /// <summary>
    /// Decompresses data of unknown size, refusing output larger than <paramref name="maxDecompressedSize"/>.
    /// </summary>
    public static byte[] Decompress(ReadOnlySpan<byte> source, int maxDecompressedSize)
    {
        int initial = (int)Math.Min(maxDecompressedSize, Math.Max(256L, source.Length * 4L));
        var output = new OutputBuffer(new byte[initial], canGrow: true, maxDecompressedSize);
        DecodeFrames(source, output);
        return output.Buffer.AsSpan(0, output.Length).ToArray();
    }

    private static void DecodeFrames(ReadOnlySpan<byte> source, OutputBuffer output)
    {
        if (source.IsEmpty)
        {
            throw new InvalidDataException("ZSTD input is empty.");
        }
        byte[] literals = ArrayPool<byte>.Shared.Rent(MaxBlockSize);
        try
        {
            while (!source.IsEmpty)
            {
                if (source.Length < 4)
                {
                    throw new InvalidDataException("ZSTD input ends inside a frame magic number.");
                }
                uint magic = BinaryPrimitives.ReadUInt32LittleEndian(source);
                if ((magic & SkippableMagicMask) == SkippableMagic)
                {
                    source = SkipFrame(source);
                }
                else if (magic == FrameMagic)
                {
                    source = DecodeFrame(source[4..], output, literals);
                }
                else
                {
                    throw new InvalidDataException($"Not ZSTD data: bad frame magic 0x{magic:X8}.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(literals);
        }
    }

    private static ReadOnlySpan<byte> SkipFrame(ReadOnlySpan<byte> source)
    {
        if (source.Length < 8)
        {
            throw new InvalidDataException("ZSTD skippable frame header is truncated.");
        }
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (size > source.Length - 8)
        {
            throw new InvalidDataException("ZSTD skippable frame is truncated.");
        }
        return source[(8 + (int)size)..];
    }

    private static ReadOnlySpan<byte> DecodeFrame(ReadOnlySpan<byte> source, OutputBuffer output, byte[] literals)
    {
        var header = FrameHeader.Read(source);
        source = source[header.Length..];
        int frameStart = output.Length;
        var state = new FrameState();
        bool last;
        do
        {
            if (source.Length < 3)
            {
                throw new InvalidDataException("ZSTD block header is truncated.");
            }
            int blockHeader = source[0] | source[1] << 8 | source[2] << 16;
            source = source[3..];
            last = (blockHeader & 1) != 0;
            int type = (blockHeader >> 1) & 3;
            int size = blockHeader >> 3;
            if (size > MaxBlockSize)
            {
                throw new InvalidDataException($"ZSTD block of {size} bytes exceeds the 128 KiB maximum.");
            }
            int stored = type == 1 ? 1 : size;
            if (type == 3)
            {
                throw new InvalidDataException("ZSTD block uses the reserved block type.");
            }
            if (stored > source.Length)
            {
                throw new InvalidDataException("ZSTD block is truncated.");
            }
            var content = source[..stored];
            switch (type)
            {
                case 0:
                    output.EnsureRoom(size);
                    content.CopyTo(output.Buffer.AsSpan(output.Length));
                    output.Length += size;
                    break;
                case 1:
                    output.EnsureRoom(size);
                    output.Buffer.AsSpan(output.Length, size).Fill(content[0]);
                    output.Length += size;
                    break;
                default:
                    DecodeCompressedBlock(content, output, literals, state);
                    break;
            }
            source = source[stored..];
        } while (!last);

        long produced = output.Length - frameStart;
        if (header.ContentSize >= 0 && produced != header.ContentSize)
        {
            throw new InvalidDataException($"ZSTD frame declares {header.ContentSize} bytes but decodes to {produced}.");
        }
        if (header.HasChecksum)
        {
            if (source.Length < 4)
            {
                throw new InvalidDataException("ZSTD frame checksum is truncated.");
            }
            uint expected = BinaryPrimitives.ReadUInt32LittleEndian(source);
            uint actual = (uint)XxHash64.Compute(output.Buffer.AsSpan(frameStart, (int)produced));
            if (expected != actual)
            {
                throw new InvalidDataException("ZSTD frame content checksum does not match.");
            }
            source = source[4..];
        }
        return source;
    }

    private static void DecodeCompressedBlock(ReadOnlySpan<byte> block, OutputBuffer output, byte[] literals, FrameState state)
    {
        int blockStart = output.Length;
        int literalsLength = LiteralsDecoder.Decode(block, literals, out int literalCount, ref state.Huffman);
        SequencesDecoder.DecodeAndExecute(block[literalsLength..], literals.AsSpan(0, literalCount), state, output);
        if (output.Length - blockStart > MaxBlockSize)
        {
            throw new InvalidDataException("ZSTD block decodes to more than 128 KiB.");
        }
    }

    /// <summary>The frame header fields a decoder needs (RFC 8878 §3.1.1.1).</summary>
    private readonly record struct FrameHeader(int Length, long ContentSize, bool HasChecksum)
    {
        public static FrameHeader Read(ReadOnlySpan<byte> source)
        {
            if (source.IsEmpty)
            {
                throw new InvalidDataException("ZSTD frame header is truncated.");
            }
            int descriptor = source[0];
            int contentSizeFlag = descriptor >> 6;
            bool singleSegment = (descriptor & 0x20) != 0;
            if ((descriptor & 0x08) != 0)
            {
                throw new InvalidDataException("ZSTD frame header sets the reserved bit.");
            }
            bool hasChecksum = (descriptor & 0x04) != 0;
            int dictionaryIdLength = (descriptor & 3) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
            int contentSizeLength = contentSizeFlag switch { 0 => singleSegment ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
            int position = 1 + (singleSegment ? 0 : 1);
            int length = position + dictionaryIdLength + contentSizeLength;
            if (source.Length < length)
            {
                throw new InvalidDataException("ZSTD frame header is truncated.");
            }
            ulong dictionaryId = 0;
            for (int i = dictionaryIdLength - 1; i >= 0; i--)
            {
                dictionaryId = dictionaryId << 8 | source[position + i];
            }
            if (dictionaryId != 0)
            {
                throw new InvalidDataException($"ZSTD frame needs dictionary {dictionaryId}; dictionaries are not supported.");
            }
            position += dictionaryIdLength;
            long contentSize = -1;
            if (contentSizeLength > 0)
            {
                ulong value = 0;
                for (int i = contentSizeLength - 1; i >= 0; i--)
                {
                    value = value << 8 | source[position + i];
                }
                if (contentSizeLength == 2)
                {
                    value += 256;
                }
                contentSize = value > long.MaxValue ? long.MaxValue : (long)value;
            }
            return new FrameHeader(length, contentSize, hasChecksum);
        }
    }
}
