namespace Tessera.Formats.Parquet.Encodings;

/// <summary>
/// Decoder for DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count,
/// first value), then blocks of a minimum delta, per-miniblock bit widths and packed deltas.
/// Arithmetic wraps, so INT32 columns decode correctly when truncated from 64 bits.
/// </summary>
internal static class DeltaBinaryPackedDecoder
{
    /// <summary>Decodes exactly <paramref name="output"/>.Length values; returns the bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<long> output)
    {
        int position = 0;
        ulong blockSize = Varint.Read(source, ref position);
        ulong miniblockCount = Varint.Read(source, ref position);
        ulong totalCount = Varint.Read(source, ref position);
        long value = Varint.ReadZigZag(source, ref position);
        if (blockSize == 0 || blockSize % 128 != 0 || blockSize > 1 << 20
            || miniblockCount == 0 || blockSize % miniblockCount != 0 || blockSize / miniblockCount % 32 != 0)
        {
            throw new ParquetFormatException($"DELTA_BINARY_PACKED header is invalid (block size {blockSize}, {miniblockCount} miniblocks).");
        }
        if (totalCount < (ulong)output.Length)
        {
            throw new ParquetFormatException($"DELTA_BINARY_PACKED holds {totalCount} values, fewer than the {output.Length} expected.");
        }
        if (output.IsEmpty)
        {
            return position;
        }
        int valuesPerMiniblock = (int)(blockSize / miniblockCount);
        output[0] = value;
        int produced = 1;
        Span<byte> widths = stackalloc byte[(int)Math.Min(miniblockCount, 1024)];
        if ((ulong)widths.Length != miniblockCount)
        {
            throw new ParquetFormatException("DELTA_BINARY_PACKED declares too many miniblocks per block.");
        }
        while (produced < output.Length)
        {
            long minDelta = Varint.ReadZigZag(source, ref position);
            if (widths.Length > source.Length - position)
            {
                throw new ParquetFormatException("DELTA_BINARY_PACKED block header is truncated.");
            }
            source.Slice(position, widths.Length).CopyTo(widths);
            position += widths.Length;
            for (int m = 0; m < widths.Length && produced < output.Length; m++)
            {
                int width = widths[m];
                if (width > 64)
                {
                    throw new ParquetFormatException($"DELTA_BINARY_PACKED miniblock bit width {width} exceeds 64.");
                }
                int byteLength = valuesPerMiniblock * width / 8;
                if (byteLength > source.Length - position)
                {
                    throw new ParquetFormatException("DELTA_BINARY_PACKED miniblock is truncated.");
                }
                var packed = source.Slice(position, byteLength);
                int take = Math.Min(valuesPerMiniblock, output.Length - produced);
                for (int i = 0; i < take; i++)
                {
                    value = unchecked(value + minDelta + (long)BitPacking.Read(packed, (long)i * width, width));
                    output[produced++] = value;
                }
                position += byteLength;
            }
        }
        return position;
    }
}
