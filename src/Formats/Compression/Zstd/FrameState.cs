namespace Tessera.Formats.Compression.Zstd;

/// <summary>What a block may inherit from earlier blocks of the same frame: entropy tables and repeat offsets.</summary>
internal sealed class FrameState
{
    public HuffmanTable? Huffman;
    public FseTable? LiteralLengths;
    public FseTable? Offsets;
    public FseTable? MatchLengths;
    public readonly int[] RepeatOffsets = [1, 4, 8];
}
