using System.IO.Compression;
using Tessera.Formats.Compression;
using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Codecs;

/// <summary>Compresses page bodies for the writer.</summary>
internal static class PageCompressor
{
    public static byte[] Compress(CompressionCodec codec, ReadOnlySpan<byte> source) => codec switch
    {
        CompressionCodec.Uncompressed => source.ToArray(),
        CompressionCodec.Snappy => Snappier.Snappy.CompressToArray(source),
        CompressionCodec.Gzip => Gzip(source),
        CompressionCodec.Brotli => Brotli(source),
        CompressionCodec.Zstd => Zstd.Compress(source),
        _ => throw new NotSupportedException($"Writing {codec} pages is not supported; use UNCOMPRESSED, SNAPPY, GZIP, BROTLI or ZSTD."),
    };

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
