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
    public static byte[] Decompress(CompressionCodec codec, ReadOnlySpan<byte> source, int uncompressedSize)
    {
        try
        {
            return codec switch
            {
                CompressionCodec.Uncompressed => Exact(source.ToArray(), source.Length, uncompressedSize, codec),
                CompressionCodec.Snappy => Snappy(source, uncompressedSize),
                CompressionCodec.Gzip => FromStream(new GZipStream(new MemoryStream(source.ToArray()), CompressionMode.Decompress), uncompressedSize, codec),
                CompressionCodec.Brotli => Brotli(source, uncompressedSize),
                CompressionCodec.Zstd => Zstd(source, uncompressedSize),
                CompressionCodec.Lz4Raw => Lz4Raw(source, uncompressedSize),
                CompressionCodec.Lz4 => HadoopLz4(source, uncompressedSize) ?? Lz4Raw(source, uncompressedSize),
                CompressionCodec.Lzo => throw new ParquetFormatException("LZO compression is not supported."),
                _ => throw new ParquetFormatException($"Unknown compression codec {(int)codec}."),
            };
        }
        catch (InvalidDataException e)
        {
            throw new ParquetFormatException($"{codec} page data is corrupt: {e.Message}", e);
        }
    }

    private static byte[] Exact(byte[] buffer, int length, int expected, CompressionCodec codec)
    {
        if (length != expected)
        {
            throw new ParquetFormatException($"{codec} page decompresses to {length} bytes, not the {expected} its header declares.");
        }
        return buffer;
    }

    private static byte[] Snappy(ReadOnlySpan<byte> source, int uncompressedSize)
    {
        try
        {
            // The stream's declared length first, so that a page never allocates what its stream claims.
            int declared = Snappier.Snappy.GetUncompressedLength(source);
            if (declared != uncompressedSize)
            {
                throw new ParquetFormatException($"SNAPPY page data declares {declared} bytes, not the {uncompressedSize} its header declares.");
            }
            var output = new byte[uncompressedSize];
            return Exact(output, Snappier.Snappy.Decompress(source, output), uncompressedSize, CompressionCodec.Snappy);
        }
        catch (Exception e) when (e is not ParquetFormatException)
        {
            // Malformed lengths and corrupt streams, whatever exception type the library reports them with.
            throw new ParquetFormatException($"SNAPPY page data is corrupt: {e.Message}", e);
        }
    }

    private static byte[] FromStream(Stream stream, int uncompressedSize, CompressionCodec codec)
    {
        using (stream)
        {
            var output = new byte[uncompressedSize];
            int total = 0;
            while (total < output.Length)
            {
                int read = stream.Read(output, total, output.Length - total);
                if (read == 0)
                {
                    break;
                }
                total += read;
            }
            if (total == output.Length && stream.ReadByte() >= 0)
            {
                throw new ParquetFormatException($"{codec} page data decompresses to more than the {uncompressedSize} bytes its header declares.");
            }
            return Exact(output, total, uncompressedSize, codec);
        }
    }

    private static byte[] Brotli(ReadOnlySpan<byte> source, int uncompressedSize)
    {
        var output = new byte[uncompressedSize];
        using var decoder = new BrotliDecoder();
        var status = decoder.Decompress(source, output, out int consumed, out int written);
        if (status != System.Buffers.OperationStatus.Done || consumed != source.Length)
        {
            throw new ParquetFormatException($"BROTLI page data is corrupt or larger than the {uncompressedSize} bytes its header declares ({status}).");
        }
        return Exact(output, written, uncompressedSize, CompressionCodec.Brotli);
    }

    private static byte[] Zstd(ReadOnlySpan<byte> source, int uncompressedSize)
    {
        var output = new byte[uncompressedSize];
        int written = Compression.Zstd.Decompress(source, output);
        return Exact(output, written, uncompressedSize, CompressionCodec.Zstd);
    }

    private static byte[] Lz4Raw(ReadOnlySpan<byte> source, int uncompressedSize)
    {
        var output = new byte[uncompressedSize];
        int written = Lz4Block.Decode(source, output);
        return Exact(output, written, uncompressedSize, CompressionCodec.Lz4Raw);
    }

    /// <summary>
    /// Hadoop's LZ4 framing: blocks of [big-endian decompressed size][big-endian compressed size][LZ4 block].
    /// Returns null when the data does not parse as that framing (older writers used raw LZ4 blocks).
    /// </summary>
    private static byte[]? HadoopLz4(ReadOnlySpan<byte> source, int uncompressedSize)
    {
        var output = new byte[uncompressedSize];
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
                int written = Lz4Block.Decode(source.Slice(8, (int)compressedSize), output.AsSpan(produced, (int)blockSize));
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
        return source.IsEmpty && produced == uncompressedSize ? output : null;
    }
}
