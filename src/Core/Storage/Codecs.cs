using System.Buffers;
using System.IO.Compression;

namespace Tessera.Storage;

/// <summary>
/// Compression of a sample's element bytes (the header is stored as is), and of pages. ZSTD
/// shuffles the bytes of elements wider than one byte first (<see cref="ByteShuffle"/>): pass the
/// sample's <see cref="BlobFormat.ElementSize"/>, 1 for anything else.
/// </summary>
internal static class Codecs
{
    /// <summary>Compresses, or returns null when compression would not save space.</summary>
    public static byte[]? Compress(Codec codec, ReadOnlySpan<byte> data, int elementSize)
    {
        byte[] packed;
        switch (codec)
        {
            case Codec.None:
                return null;
            case Codec.Snappy:
                packed = Snappier.Snappy.CompressToArray(data);
                break;
            case Codec.Brotli:
                packed = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
                if (!BrotliEncoder.TryCompress(data, packed, out int written, quality: 1, window: 22))
                    return null;
                Array.Resize(ref packed, written);
                break;
            case Codec.Deflate:
                using (var ms = new MemoryStream())
                {
                    using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                        z.Write(data);
                    packed = ms.ToArray();
                }
                break;
            case Codec.Zstd:
                packed = CompressZstd(data, elementSize);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(codec));
        }
        return packed.Length < data.Length ? packed : null;
    }

    /// <summary>Decompresses exactly <c>dest.Length</c> bytes, or throws <see cref="CorruptObjectException"/>.</summary>
    public static void Decompress(Codec codec, ReadOnlySpan<byte> packed, Span<byte> dest, int elementSize)
    {
        try
        {
            int n;
            switch (codec)
            {
                case Codec.Snappy:
                    // The stream's own length first: it must be the one the header records.
                    n = Snappier.Snappy.GetUncompressedLength(packed) == dest.Length ? Snappier.Snappy.Decompress(packed, dest) : -1;
                    break;
                case Codec.Brotli:
                    if (!BrotliDecoder.TryDecompress(packed, dest, out n))
                        n = -1;
                    break;
                case Codec.Deflate:
                    unsafe
                    {
                        fixed (byte* p = packed)
                        {
                            using var src = new UnmanagedMemoryStream(p, packed.Length);
                            using var z = new ZLibStream(src, CompressionMode.Decompress);
                            n = 0;
                            int read;
                            while (n < dest.Length && (read = z.Read(dest[n..])) > 0)
                                n += read;
                        }
                    }
                    break;
                case Codec.Zstd:
                    n = DecompressZstd(packed, dest, elementSize);
                    break;
                case Codec.Dictionary:
                    n = DictionaryCodec.Decompress(packed, dest, elementSize);
                    break;
                default:
                    throw new CorruptObjectException($"Unknown codec id {(int)codec} in the blob index.");
            }
            if (n != dest.Length)
                throw new CorruptObjectException($"A {codec} blob decompressed to {n} bytes, expected {dest.Length}.");
        }
        catch (Exception ex) when (ex is InvalidDataException or IndexOutOfRangeException or ArgumentException)
        {
            throw new CorruptObjectException($"A {codec} blob does not decompress: {ex.Message}");
        }
    }

    private static byte[] CompressZstd(ReadOnlySpan<byte> data, int elementSize)
    {
        if (elementSize <= 1)
            return ZstdFrames.Compress(data);
        var shuffled = ArrayPool<byte>.Shared.Rent(data.Length);
        try
        {
            ByteShuffle.Shuffle(data, shuffled.AsSpan(0, data.Length), elementSize);
            return ZstdFrames.Compress(shuffled.AsSpan(0, data.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(shuffled);
        }
    }

    /// <summary>Decodes into <paramref name="dest"/>, unshuffled only when the frame filled it exactly; returns the bytes decoded.</summary>
    private static int DecompressZstd(ReadOnlySpan<byte> packed, Span<byte> dest, int elementSize)
    {
        if (elementSize <= 1)
            return ZstdFrames.Decompress(packed, dest);
        var shuffled = ArrayPool<byte>.Shared.Rent(dest.Length);
        try
        {
            int n = ZstdFrames.Decompress(packed, shuffled.AsSpan(0, dest.Length));
            if (n == dest.Length)
                ByteShuffle.Unshuffle(shuffled.AsSpan(0, n), dest, elementSize);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(shuffled);
        }
    }
}
