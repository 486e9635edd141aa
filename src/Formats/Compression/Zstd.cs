using ZstdNet;

namespace Tessera.Formats.Compression;

/// <summary>
/// ZSTD (RFC 8878) through ZstdNet, the reference C library (libzstd) that the package ships for
/// each platform, with the bounds we keep around it: a decode never produces more than its caller
/// allows, and every failure is an <see cref="InvalidDataException"/>.
/// </summary>
/// <remarks>
/// The native library, not a managed port: Parquet pages are mostly ZSTD, and decoding them with
/// ZstdSharp cost 1.2–2.7× the CPU of libzstd on the same frames (docs/performance.md).
/// </remarks>
public static class Zstd
{
    /// <summary>
    /// The compression level: 1, as Apache Arrow writes Parquet; zstd's default of 3 made a table's
    /// export a quarter slower for a file of about the same size (docs/formats.md).
    /// </summary>
    private const int Level = 1;

    private static readonly CompressionOptions Options = new(Level);

    // One context per thread, kept: a context is large to allocate, and neither class is thread-safe.
    [ThreadStatic]
    private static Decompressor? ThreadDecompressor;

    [ThreadStatic]
    private static Compressor? ThreadCompressor;

    public static byte[] Compress(ReadOnlySpan<byte> source) => (ThreadCompressor ??= new Compressor(Options)).Wrap(source);

    /// <summary>Compresses into <paramref name="destination"/> (at least <see cref="CompressBound"/> bytes); returns the bytes written.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination) => (ThreadCompressor ??= new Compressor(Options)).Wrap(source, destination);

    /// <summary>The most bytes <paramref name="length"/> bytes can compress to.</summary>
    public static int CompressBound(int length) => Compressor.GetCompressBound(length);

    /// <summary>Decodes every frame of <paramref name="source"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var decompressor = ThreadDecompressor ??= new Decompressor();
        try
        {
            // No pre-check of the declared size: libzstd itself stops at the end of the destination.
            return decompressor.Unwrap(source, destination, bufferSizePrecheck: false);
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException($"ZSTD data is corrupt or decompresses to more than {destination.Length} bytes ({e.Message}).", e);
        }
    }

    /// <summary>Decodes every frame of <paramref name="source"/>, refusing output beyond <paramref name="maxLength"/> bytes.</summary>
    public static byte[] Decompress(byte[] source, int maxLength)
    {
        try
        {
            using var stream = new DecompressionStream(new MemoryStream(source, writable: false));
            var output = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (output.Length + read > maxLength)
                    throw new InvalidDataException($"ZSTD data decompresses to more than {maxLength} bytes.");
                output.Write(buffer, 0, read);
            }
            return output.ToArray();
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException($"ZSTD data is corrupt ({e.Message}).", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("ZSTD data ends inside a frame.", e);
        }
    }
}
