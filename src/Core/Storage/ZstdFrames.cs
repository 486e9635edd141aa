using ZstdNet;

namespace Tessera.Storage;

/// <summary>
/// ZSTD frames (RFC 8878) through libzstd (ZstdNet ships it for each platform), for sample data
/// and pages, at level 1 (design note 016 has the measurements): it compressed the benchmark
/// table's shuffled float32 runs as well as levels 2–9 did, at a third of level 3's time, and its
/// ~100,000 pages of ~1.3 KB to 57 MB where Snappy stored 74 MB and level −1 69 MB.
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

    private static Compressor CompressorOfThread => ThreadCompressor ??= new Compressor(Options);

    public static byte[] Compress(ReadOnlySpan<byte> data) => CompressorOfThread.Wrap(data);

    /// <summary>Compresses into <paramref name="destination"/>, at least <see cref="Bound"/> bytes long; returns the bytes written.</summary>
    public static int Compress(ReadOnlySpan<byte> data, Span<byte> destination) => CompressorOfThread.Wrap(data, destination);

    /// <summary>The most bytes <paramref name="length"/> bytes can compress to.</summary>
    public static int Bound(int length) => Compressor.GetCompressBound(length);

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
