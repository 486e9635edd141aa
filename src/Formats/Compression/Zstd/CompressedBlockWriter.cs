namespace Tessera.Formats.Compression.Zstd;

/// <summary>Lays out a Compressed_Block (RFC 8878 §3.1.1.3): the literals section, then the sequences section.</summary>
internal static class CompressedBlockWriter
{
    /// <summary>The most a block of <paramref name="blockSize"/> bytes can take, slack for the bit writers included.</summary>
    public static int MaxLength(int blockSize) =>
        LiteralsEncoder.MaxLength(blockSize) + 3 + 1 + (blockSize / MatchFinder.MinMatch + 1) * SequencesEncoder.MaxBytesPerSequence + 8;

    /// <summary>Writes the block body into <paramref name="destination"/> and returns its length.</summary>
    public static int Write(ReadOnlySpan<byte> literals, ReadOnlySpan<Sequence> sequences, Span<byte> destination)
    {
        int position = LiteralsEncoder.Write(literals, destination);
        return position + SequencesEncoder.Write(sequences, destination[position..]);
    }
}
