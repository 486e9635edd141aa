using System.Buffers.Binary;
using System.Numerics.Tensors;
using Tessera.Formats.Parquet.Encodings;
using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Reading;

/// <summary>Decodes definition and repetition levels and checks them against the column's maximum.</summary>
internal static class LevelDecoding
{
    /// <summary>
    /// Decodes v1 page levels (RLE with a 4-byte length prefix, or the deprecated BIT_PACKED);
    /// returns the bytes consumed.
    /// </summary>
    public static int DecodeV1(ParquetEncoding encoding, ReadOnlySpan<byte> data, int maxLevel, Span<short> output, string what)
    {
        if (encoding == ParquetEncoding.Rle)
        {
            if (data.Length < 4)
            {
                throw new ParquetFormatException($"{what} lack their length prefix.");
            }
            int length = BinaryPrimitives.ReadInt32LittleEndian(data);
            if (length < 0 || length > data.Length - 4)
            {
                throw new ParquetFormatException($"{what} declare {length} bytes, past the end of the page.");
            }
            DecodeRle(data.Slice(4, length), maxLevel, output, what);
            return 4 + length;
        }
        if (encoding == ParquetEncoding.BitPacked)
        {
            return DecodeBitPacked(data, maxLevel, output, what);
        }
        throw new ParquetFormatException($"{what} use unsupported encoding {encoding}.");
    }

    /// <summary>Decodes RLE hybrid levels without a length prefix (v2 pages, or after one).</summary>
    public static void DecodeRle(ReadOnlySpan<byte> data, int maxLevel, Span<short> output, string what)
    {
        RleBitPackedDecoder.Decode(data, BitPacking.BitWidth((ulong)maxLevel), output, what);
        // Levels are unpacked from at most 16 bits: a level past 32767 reads as negative.
        if (output.Length > 0 && (TensorPrimitives.Max<short>(output) > maxLevel || TensorPrimitives.Min<short>(output) < 0))
        {
            throw new ParquetFormatException($"{what}: a level exceeds the column's maximum {maxLevel}.");
        }
    }

    /// <summary>The deprecated BIT_PACKED level encoding: values packed most-significant bit first.</summary>
    private static int DecodeBitPacked(ReadOnlySpan<byte> data, int maxLevel, Span<short> output, string what)
    {
        int width = BitPacking.BitWidth((ulong)maxLevel);
        long byteLength = ((long)output.Length * width + 7) / 8;
        if (byteLength > data.Length)
        {
            throw new ParquetFormatException($"{what} (BIT_PACKED) are truncated.");
        }
        long bit = 0;
        for (int i = 0; i < output.Length; i++)
        {
            int level = 0;
            for (int b = 0; b < width; b++, bit++)
            {
                level = level << 1 | (data[(int)(bit >> 3)] >> (7 - (int)(bit & 7)) & 1);
            }
            if (level > maxLevel)
            {
                throw new ParquetFormatException($"{what}: level {level} exceeds the column's maximum {maxLevel}.");
            }
            output[i] = (short)level;
        }
        return (int)byteLength;
    }
}
