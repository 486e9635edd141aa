namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// The encoder's copy of the three repeat offsets (RFC 8878 §3.1.2.5). It is a value so that a
/// block that ends up stored raw, which leaves the decoder's offsets alone, can restore it.
/// </summary>
internal struct RepeatOffsets()
{
    public int First { get; private set; } = 1;
    private int _second = 4;
    private int _third = 8;

    /// <summary>Codes <paramref name="offset"/> as the decoder will resolve it, and updates the offsets as the decoder will.</summary>
    public uint Encode(int offset, int literalLength)
    {
        bool hasLiterals = literalLength > 0;
        if (hasLiterals && offset == First)
        {
            return 1;
        }
        if (offset == _second)
        {
            _second = First;
            First = offset;
            return hasLiterals ? 2u : 1u;
        }
        uint value = offset == _third ? (hasLiterals ? 3u : 2u)
            : !hasLiterals && offset == First - 1 ? 3u
            : (uint)offset + 3;
        _third = _second;
        _second = First;
        First = offset;
        return value;
    }
}
