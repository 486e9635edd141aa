using System.Buffers.Binary;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// Writes valid ZSTD frames without entropy coding: each block of up to 128 KiB is stored as an
/// RLE block when it is one repeated byte, otherwise as a raw block. Output is readable by any
/// ZSTD decoder and carries the content size and an XXH64 checksum, but only runs of a single
/// byte value get smaller; use another codec when size matters.
/// </summary>
public static class ZstdEncoder
{
    private const uint FrameMagic = 0xFD2FB528;
    private const int MaxBlockSize = 128 * 1024;

    public static byte[] Compress(ReadOnlySpan<byte> source)
    {
        int blocks = Math.Max(1, (source.Length + MaxBlockSize - 1) / MaxBlockSize);
        var output = new byte[4 + 1 + 8 + blocks * 3 + source.Length + 4];
        int position = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(output, FrameMagic);
        position += 4;
        // Descriptor: 8-byte content size, single segment (no window byte), checksum present.
        output[position++] = 0b1110_0100;
        BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(position), (ulong)source.Length);
        position += 8;
        int offset = 0;
        do
        {
            int size = Math.Min(MaxBlockSize, source.Length - offset);
            var block = source.Slice(offset, size);
            bool last = offset + size == source.Length;
            bool rle = size > 0 && !block.ContainsAnyExcept(block[0]);
            int header = (size << 3) | ((rle ? 1 : 0) << 1) | (last ? 1 : 0);
            output[position] = (byte)header;
            output[position + 1] = (byte)(header >> 8);
            output[position + 2] = (byte)(header >> 16);
            position += 3;
            if (rle)
            {
                output[position++] = block[0];
            }
            else
            {
                block.CopyTo(output.AsSpan(position));
                position += size;
            }
            offset += size;
        } while (offset < source.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(position), (uint)XxHash64.Compute(source));
        position += 4;
        return output.AsSpan(0, position).ToArray();
    }
}
