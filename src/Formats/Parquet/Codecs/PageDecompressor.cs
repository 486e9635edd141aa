using System.Buffers.Binary;
using System.IO.Compression;
using Tessera.Formats.Compression;
using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Codecs;

/// <summary>
/// Decompresses page bodies. The output size is the page header's uncompressed size, which the
/// caller has already bounded, and every codec must produce exactly that many bytes.
/// </summary>
internal static class PageDecompressor
{
    /// <summary>Decompresses <paramref name="source"/> into all of <paramref name="output"/>, whose length is the page's declared size.</summary>
    public static void Decompress(CompressionCodec codec, ReadOnlySpan<byte> source, Span<byte> output)
    {
        try
        {
            int written = codec switch
            {
                CompressionCodec.Uncompressed => Copy(source, output),
                CompressionCodec.Snappy => Snappy(source, output),
                CompressionCodec.Gzip => FromStream(new GZipStream(new MemoryStream(source.ToArray()), CompressionMode.Decompress), output, codec),
                CompressionCodec.Brotli => Brotli(source, output),
                CompressionCodec.Zstd => Compression.Zstd.Decompress(source, output),
                CompressionCodec.Lz4Raw => Lz4Block.Decode(source, output),
                CompressionCodec.Lz4 => HadoopLz4(source, output) ?? Lz4Block.Decode(source, output),
                CompressionCodec.Lzo => throw new ParquetFormatException("LZO compression is not supported."),
                _ => throw new ParquetFormatException($"Unknown compression codec {(int)codec}."),
            };
            if (written != output.Length)
            {
                throw new ParquetFormatException($"{codec} page decompresses to {written} bytes, not the {output.Length} its header declares.");
            }
        }
        catch (InvalidDataException e)
        {
            throw new ParquetFormatException($"{codec} page data is corrupt: {e.Message}", e);
        }
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> output)
    {
        if (source.Length == output.Length)
        {
            source.CopyTo(output);
        }
        return source.Length;
    }

    private static int Snappy(ReadOnlySpan<byte> source, Span<byte> output)
    {
        try
        {
            // The stream's declared length first, so that a page never decodes more than its header says.
            int declared = Snappier.Snappy.GetUncompressedLength(source);
            if (declared != output.Length)
            {
                throw new ParquetFormatException($"SNAPPY page data declares {declared} bytes, not the {output.Length} its header declares.");
            }
            return Snappier.Snappy.Decompress(source, output);
        }
        catch (Exception e) when (e is not ParquetFormatException)
        {
            // Malformed lengths and corrupt streams, whatever exception type the library reports them with.
            throw new ParquetFormatException($"SNAPPY page data is corrupt: {e.Message}", e);
        }
    }

    private static int FromStream(Stream stream, Span<byte> output, CompressionCodec codec)
    {
        using (stream)
        {
            int total = 0;
            while (total < output.Length)
            {
                int read = stream.Read(output[total..]);
                if (read == 0)
                {
                    break;
                }
                total += read;
            }
            if (total == output.Length && stream.ReadByte() >= 0)
            {
                throw new ParquetFormatException($"{codec} page data decompresses to more than the {output.Length} bytes its header declares.");
            }
            return total;
        }
    }

    private static int Brotli(ReadOnlySpan<byte> source, Span<byte> output)
    {
        using var decoder = new BrotliDecoder();
        var status = decoder.Decompress(source, output, out int consumed, out int written);
        if (status != System.Buffers.OperationStatus.Done || consumed != source.Length)
        {
            throw new ParquetFormatException($"BROTLI page data is corrupt or larger than the {output.Length} bytes its header declares ({status}).");
        }
        return written;
    }

    /// <summary>
    /// Hadoop's LZ4 framing: blocks of [big-endian decompressed size][big-endian compressed size][LZ4 block].
    /// Returns null when the data does not parse as that framing (older writers used raw LZ4 blocks).
    /// </summary>
    private static int? HadoopLz4(ReadOnlySpan<byte> source, Span<byte> output)
    {
        int produced = 0;
        while (source.Length >= 8)
        {
            uint blockSize = BinaryPrimitives.ReadUInt32BigEndian(source);
            uint compressedSize = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
            if (blockSize > (uint)(output.Length - produced) || compressedSize > (uint)(source.Length - 8))
            {
                return null;
            }
            try
            {
                int written = Lz4Block.Decode(source.Slice(8, (int)compressedSize), output.Slice(produced, (int)blockSize));
                if (written != blockSize)
                {
                    return null;
                }
            }
            catch (InvalidDataException)
            {
                return null;
            }
            produced += (int)blockSize;
            source = source[(8 + (int)compressedSize)..];
        }
        return source.IsEmpty && produced == output.Length ? produced : null;
    }
}
