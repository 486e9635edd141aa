using K4os.Compression.LZ4;

namespace Tessera.Formats.Compression;

/// <summary>The LZ4 block format (no frame) through K4os.Compression.LZ4, failures as <see cref="InvalidDataException"/>.</summary>
public static class Lz4Block
{
    /// <summary>Decodes one LZ4 block into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = LZ4Codec.Decode(source, destination);
        return written >= 0 ? written
            : throw new InvalidDataException("LZ4 block is corrupt or decodes to more bytes than its page declares.");
    }
}
