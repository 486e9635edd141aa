using System.IO.Compression;
using Tessera.Formats.Compression;
using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Codecs;

/// <summary>Compresses page bodies for the writer.</summary>
internal static class PageCompressor
{
    /// <summary>
    /// Compresses <paramref name="source"/>; SNAPPY and ZSTD write into <paramref name="scratch"/>
    /// (grown when too small, kept for the next page), UNCOMPRESSED returns the source itself.
    /// </summary>
    public static ReadOnlySpan<byte> Compress(CompressionCodec codec, ReadOnlySpan<byte> source, ref byte[] scratch)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                return source;
            case CompressionCodec.Snappy:
                Reserve(ref scratch, Snappier.Snappy.GetMaxCompressedLength(source.Length));
                return scratch.AsSpan(0, Snappier.Snappy.Compress(source, scratch));
            case CompressionCodec.Zstd:
                Reserve(ref scratch, Zstd.CompressBound(source.Length));
                return scratch.AsSpan(0, Zstd.Compress(source, scratch));
            case CompressionCodec.Gzip:
                return Gzip(source);
            case CompressionCodec.Brotli:
                return Brotli(source);
            default:
                throw new NotSupportedException($"Writing {codec} pages is not supported; use UNCOMPRESSED, SNAPPY, GZIP, BROTLI or ZSTD.");
        }
    }

    private static void Reserve(ref byte[] scratch, int length)
    {
        if (scratch.Length < length)
        {
            // Uninitialized: the codec writes every byte it reports.
            scratch = GC.AllocateUninitializedArray<byte>(Math.Max(length, scratch.Length * 2));
        }
    }

    private static byte[] Gzip(ReadOnlySpan<byte> source)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(source);
        }
        return output.ToArray();
    }

    private static byte[] Brotli(ReadOnlySpan<byte> source)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(source.Length)];
        if (!BrotliEncoder.TryCompress(source, output, out int written, quality: 4, window: 22))
        {
            throw new InvalidOperationException("Brotli compression failed.");
        }
        return output.AsSpan(0, written).ToArray();
    }
}
