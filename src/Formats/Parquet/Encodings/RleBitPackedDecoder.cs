using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tessera.Formats.Parquet.Encodings;

/// <summary>
/// Decoder for the RLE / bit-packing hybrid (levels, dictionary indices, RLE booleans):
/// a sequence of runs, each either one repeated value or groups of 8 bit-packed values.
/// </summary>
internal static class RleBitPackedDecoder
{
    /// <summary>
    /// Fills <paramref name="output"/> exactly; returns the bytes consumed. Levels decode into
    /// <c>short</c> directly (their width is at most 16 bits), dictionary indices into <c>int</c>.
    /// </summary>
    public static int Decode<T>(ReadOnlySpan<byte> source, int bitWidth, Span<T> output, string what)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (bitWidth < 0 || bitWidth > Math.Min(32, Unsafe.SizeOf<T>() * 8))
        {
            throw new ParquetFormatException($"{what}: bit width {bitWidth} is out of range.");
        }
        int valueBytes = (bitWidth + 7) / 8;
        int position = 0;
        int produced = 0;
        while (produced < output.Length)
        {
            if (position >= source.Length)
            {
                throw new ParquetFormatException($"{what}: RLE data ends after {produced} of {output.Length} values.");
            }
            // Run headers are one byte unless a run passes 63 values.
            ulong header = source[position] < 0x80 ? source[position++] : ReadVarint(source, ref position, what);
            if ((header & 1) == 0)
            {
                ulong runLength = header >> 1;
                if (valueBytes > source.Length - position)
                {
                    throw new ParquetFormatException($"{what}: RLE run value is truncated.");
                }
                int value = 0;
                for (int i = 0; i < valueBytes; i++)
                {
                    value |= source[position + i] << (8 * i);
                }
                position += valueBytes;
                if (runLength == 0)
                {
                    continue;
                }
                int take = (int)Math.Min(runLength, (ulong)(output.Length - produced));
                var run = output.Slice(produced, take);
                var repeated = T.CreateTruncating(value);
                if (take <= 32)
                {
                    // Short runs (levels of short lists) cost more to call Fill for than to write.
                    for (int i = 0; i < run.Length; i++)
                    {
                        run[i] = repeated;
                    }
                }
                else
                {
                    run.Fill(repeated);
                }
                produced += take;
            }
            else
            {
                ulong groups = header >> 1;
                long byteLength = (long)Math.Min(groups, int.MaxValue) * bitWidth;
                if (byteLength > source.Length - position)
                {
                    // Tolerate a final bit-packed run that was cut to the bytes its values need.
                    byteLength = source.Length - position;
                }
                long available = bitWidth == 0 ? long.MaxValue : byteLength * 8 / bitWidth;
                int take = (int)Math.Min(Math.Min((long)Math.Min(groups * 8, int.MaxValue), available), output.Length - produced);
                if (take == 0 && groups > 0)
                {
                    throw new ParquetFormatException($"{what}: bit-packed run is truncated.");
                }
                // The source past the run goes along so that short runs (8 levels in a byte or two)
                // still unpack through whole-word reads; the values take only the run's own bits.
                BitPacking.Unpack(source[position..], bitWidth, output.Slice(produced, take));
                produced += take;
                position += (int)byteLength;
            }
        }
        return position;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> source, ref int position, string what)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= source.Length)
            {
                throw new ParquetFormatException($"{what}: RLE run header is truncated.");
            }
            byte b = source[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new ParquetFormatException($"{what}: RLE run header is malformed.");
    }
}
