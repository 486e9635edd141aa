using System.Buffers.Binary;
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

    /// <summary>
    /// <paramref name="head"/> compressed, then a second frame holding <paramref name="tail"/> as it
    /// is, in raw blocks (RFC 8878 section 3.1.1.2, block type 0): for bytes ZSTD would not make
    /// smaller, which it takes as long to find out as to compress them. Frames back to back decode to
    /// their contents back to back (RFC 8878 section 3.1), as libzstd reads them.
    /// </summary>
    public static byte[] CompressThenStore(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        var compressed = Compress(head);
        int blocks = Math.Max(1, (tail.Length + MaxBlock - 1) / MaxBlock);
        var frames = GC.AllocateUninitializedArray<byte>(compressed.Length + StoredHeader + (blocks * 3) + tail.Length);
        compressed.CopyTo(frames, 0);
        var stored = frames.AsSpan(compressed.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(stored, Magic);
        // Frame header descriptor: a 4-byte content size, single segment (the window is the content), no checksum, no dictionary.
        stored[4] = 0b1010_0000;
        BinaryPrimitives.WriteUInt32LittleEndian(stored[5..], (uint)tail.Length);
        int at = StoredHeader;
        for (int b = 0; b < blocks; b++)
        {
            int size = Math.Min(MaxBlock, tail.Length - (b * MaxBlock));
            uint blockHeader = (uint)(size << 3) | (b == blocks - 1 ? 1u : 0u);
            stored[at++] = (byte)blockHeader;
            stored[at++] = (byte)(blockHeader >> 8);
            stored[at++] = (byte)(blockHeader >> 16);
            tail.Slice(b * MaxBlock, size).CopyTo(stored[at..]);
            at += size;
        }
        return frames;
    }

    private const uint Magic = 0xFD2FB528;

    /// <summary>Magic number, frame header descriptor and a 4-byte content size.</summary>
    private const int StoredHeader = 9;

    /// <summary>The largest block a frame may hold (RFC 8878 section 3.1.1.2.3).</summary>
    private const int MaxBlock = 128 * 1024;

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
