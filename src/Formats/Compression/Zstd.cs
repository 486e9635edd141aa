using ZstdSharp;

namespace Tessera.Formats.Compression;

/// <summary>
/// ZSTD (RFC 8878) through ZstdSharp, with the bounds we keep around it: a decode never produces
/// more than its caller allows, and every failure is an <see cref="InvalidDataException"/>.
/// </summary>
public static class Zstd
{
    /// <summary>The compression level: zstd's default, a good ratio at a few hundred MB/s.</summary>
    private const int Level = 3;

    [ThreadStatic]
    private static Decompressor? ThreadDecompressor;

    public static byte[] Compress(ReadOnlySpan<byte> source)
    {
        using var compressor = new Compressor(Level);
        return compressor.Wrap(source).ToArray();
    }

    /// <summary>Decodes every frame of <paramref name="source"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // One decoder per thread, kept: its context is large to allocate and reset by each frame.
        var decompressor = ThreadDecompressor ??= new Decompressor();
        try
        {
            return decompressor.Unwrap(source, destination);
        }
        catch (ZstdException e)
        {
            ThreadDecompressor = null;
            decompressor.Dispose();
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
