namespace Tessera.Formats.Parquet.Encodings;

/// <summary>
/// Decoder for BYTE_STREAM_SPLIT: byte k of every value is stored in stream k, so value i is
/// gathered from positions k × count + i.
/// </summary>
internal static class ByteStreamSplitDecoder
{
    /// <summary>Reassembles <paramref name="count"/> values of <paramref name="width"/> bytes into <paramref name="output"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> source, int count, int width, Span<byte> output)
    {
        long total = (long)count * width;
        if (total > source.Length)
        {
            throw new ParquetFormatException($"BYTE_STREAM_SPLIT data holds {source.Length} bytes, fewer than {count} values of {width} bytes need.");
        }
        for (int k = 0; k < width; k++)
        {
            var stream = source.Slice(k * count, count);
            for (int i = 0; i < count; i++)
            {
                output[i * width + k] = stream[i];
            }
        }
    }
}
