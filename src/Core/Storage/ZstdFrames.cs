using ZstdNet;

namespace Tessera.Storage;

/// <summary>
/// ZSTD frames (RFC 8878) through libzstd (ZstdNet ships it for each platform), for sample data
/// and pages. One compression level for both: level 1 compressed the benchmark table's shuffled
/// float32 runs as well as levels 2–9 did, at a third of level 3's time (design note 016).
/// </summary>
internal static class ZstdFrames
{
    private const int Level = 1;

    private static readonly CompressionOptions Options = new(Level);

    // One context per thread, kept: a context is large to allocate, and neither class is thread-safe.
    [ThreadStatic]
    private static Compressor? ThreadCompressor;

    [ThreadStatic]
    private static Decompressor? ThreadDecompressor;

    public static byte[] Compress(ReadOnlySpan<byte> data) => (ThreadCompressor ??= new Compressor(Options)).Wrap(data);

    /// <summary>Decodes into <paramref name="destination"/>; returns the bytes written. libzstd stops at its end.</summary>
    public static int Decompress(ReadOnlySpan<byte> packed, Span<byte> destination)
    {
        try
        {
            return (ThreadDecompressor ??= new Decompressor()).Unwrap(packed, destination, bufferSizePrecheck: false);
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException($"the ZSTD data is corrupt or longer than {destination.Length} bytes ({e.Message})", e);
        }
    }
}
