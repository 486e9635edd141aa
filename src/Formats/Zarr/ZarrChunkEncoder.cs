using System.IO.Compression;

namespace Tessera.Formats.Zarr;

/// <summary>Encodes a chunk's elements (C order, little-endian) with the codecs an export writes: bytes, then gzip or nothing.</summary>
internal static class ZarrChunkEncoder
{
    public const int GzipLevel = 5;

    /// <summary>
    /// Writes the encoded chunk as it is compressed, so an HTTP answer starts with the first
    /// compressed block instead of after the whole chunk.
    /// </summary>
    public static async Task EncodeAsync(ReadOnlyMemory<byte> elements, bool gzip, Stream destination, CancellationToken cancel)
    {
        if (!gzip)
        {
            await destination.WriteAsync(elements, cancel);
            return;
        }
        await using var compressor = new GZipStream(destination, new ZLibCompressionOptions { CompressionLevel = GzipLevel }, leaveOpen: true);
        await compressor.WriteAsync(elements, cancel);
    }
}
