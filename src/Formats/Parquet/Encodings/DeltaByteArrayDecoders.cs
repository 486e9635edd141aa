using System.Buffers;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Encodings;

/// <summary>
/// Decoders for DELTA_LENGTH_BYTE_ARRAY (delta-packed lengths, then the concatenated bytes) and
/// DELTA_BYTE_ARRAY (delta-packed prefix lengths shared with the previous value, then suffixes).
/// </summary>
internal static class DeltaByteArrayDecoders
{
    public static int DecodeLengthPrefixed(ReadOnlySpan<byte> source, int count, BinaryValues output)
    {
        long[] lengths = ArrayPool<long>.Shared.Rent(count);
        try
        {
            int position = DeltaBinaryPackedDecoder.Decode(source, lengths.AsSpan(0, count));
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                if (lengths[i] < 0)
                {
                    throw new ParquetFormatException($"DELTA_LENGTH_BYTE_ARRAY length {lengths[i]} is negative.");
                }
                total += lengths[i];
            }
            if (total > source.Length - position)
            {
                throw new ParquetFormatException($"DELTA_LENGTH_BYTE_ARRAY lengths total {total} bytes, past the end of the page.");
            }
            output.EnsureCapacity(count, total);
            for (int i = 0; i < count; i++)
            {
                output.Add(source.Slice(position, (int)lengths[i]));
                position += (int)lengths[i];
            }
            return position;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(lengths);
        }
    }

    public static void DecodeIncremental(ReadOnlySpan<byte> source, int count, BinaryValues output)
    {
        long[] prefixes = ArrayPool<long>.Shared.Rent(count);
        try
        {
            int position = DeltaBinaryPackedDecoder.Decode(source, prefixes.AsSpan(0, count));
            var suffixes = new BinaryValues(count, Math.Max(16, source.Length - position));
            DecodeLengthPrefixed(source[position..], count, suffixes);
            int previous = -1;
            for (int i = 0; i < count; i++)
            {
                long prefix = prefixes[i];
                int previousLength = previous < 0 ? 0 : output[previous].Length;
                if (prefix < 0 || prefix > previousLength)
                {
                    throw new ParquetFormatException($"DELTA_BYTE_ARRAY prefix length {prefix} exceeds the previous value's {previousLength} bytes.");
                }
                var suffix = suffixes[i];
                var value = output.Reserve((int)prefix + suffix.Length);
                if (prefix > 0)
                {
                    output[previous][..(int)prefix].CopyTo(value);
                }
                suffix.CopyTo(value[(int)prefix..]);
                previous = output.Count - 1;
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(prefixes);
        }
    }
}
