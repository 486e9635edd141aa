using System.IO.Compression;

namespace Tessera.Formats.Zarr;

/// <summary>Encodes a chunk's elements (C order, little-endian) with the codecs an export writes: bytes, then gzip or nothing.</summary>
internal static class ZarrChunkEncoder
{
    public const int GzipLevel = 5;

    public static byte[] Encode(ReadOnlySpan<byte> elements, bool gzip)
    {
        if (!gzip)
            return elements.ToArray();
        var output = new MemoryStream(elements.Length / 2 + 64);
        using (var compressor = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = GzipLevel }, leaveOpen: true))
            compressor.Write(elements);
        return output.ToArray();
    }
}
