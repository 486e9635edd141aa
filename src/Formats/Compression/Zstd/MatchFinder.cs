using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// Greedy LZ77 parsing of one frame, block by block: a hash table of 6-byte sequences gives one
/// candidate per position, the last offset is tried first, and positions are skipped faster the
/// longer nothing matches, so incompressible data costs little. Matches reach back into earlier
/// blocks up to the window size but never past the end of the current block.
/// </summary>
internal sealed class MatchFinder : IDisposable
{
    /// <summary>
    /// Shorter matches cost more as a sequence with the predefined codes than as Huffman-coded
    /// literals (measured: 6 beats 4 and 5 on text, records and skewed bytes).
    /// </summary>
    public const int MinMatch = 6;
    private const ulong MinMatchMask = ulong.MaxValue >> (64 - 8 * MinMatch);
    /// <summary>After 2^8 positions without a match the search starts skipping (1 + misses / 256 bytes a step).</summary>
    private const int SkipLog = 8;
    private const int MaxHashLog = 17;

    private readonly int[] _table;
    private readonly int _hashShift;
    private readonly int _maxDistance;
    private readonly Sequence[] _sequences;
    private readonly byte[] _literals;
    private int _sequenceCount;
    private int _literalCount;

    /// <param name="frameLength">Bytes in the frame, to size the hash table.</param>
    /// <param name="maxDistance">The window: no match reaches further back.</param>
    /// <param name="maxBlockSize">The largest block that will be parsed.</param>
    public MatchFinder(int frameLength, int maxDistance, int maxBlockSize)
    {
        // Small inputs get a small table: clearing and touching it is most of their cost.
        int hashLog = Math.Clamp(BitOperations.Log2((uint)Math.Max(frameLength, 1)) + 1, 10, MaxHashLog);
        _hashShift = 64 - hashLog;
        _table = ArrayPool<int>.Shared.Rent(1 << hashLog);
        // A position not yet seen reads as 0, a real earlier position; the match check rejects it when it differs.
        Array.Clear(_table, 0, 1 << hashLog);
        _maxDistance = maxDistance;
        _sequences = ArrayPool<Sequence>.Shared.Rent(maxBlockSize / MinMatch + 1);
        _literals = ArrayPool<byte>.Shared.Rent(maxBlockSize);
    }

    public RepeatOffsets Repeats = new();

    public ReadOnlySpan<Sequence> Sequences => _sequences.AsSpan(0, _sequenceCount);

    public ReadOnlySpan<byte> Literals => _literals.AsSpan(0, _literalCount);

    /// <summary>Parses <paramref name="source"/>[<paramref name="start"/>..<paramref name="end"/>) into <see cref="Sequences"/> and <see cref="Literals"/>.</summary>
    public void Parse(ReadOnlySpan<byte> source, int start, int end)
    {
        _sequenceCount = 0;
        _literalCount = 0;
        int anchor = start;
        int position = start;
        // Past this point 8-byte reads at the position could leave the block.
        int limit = end - 8;
        while (position < limit)
        {
            ulong current = Read64(source, position) & MinMatchMask;
            int offset;
            int repeat = position - Repeats.First;
            if (repeat >= 0 && (Read64(source, repeat) & MinMatchMask) == current)
            {
                offset = Repeats.First;
            }
            else
            {
                int hash = Hash(current);
                int candidate = _table[hash];
                _table[hash] = position;
                if (candidate >= position || position - candidate > _maxDistance || (Read64(source, candidate) & MinMatchMask) != current)
                {
                    position += 1 + ((position - anchor) >> SkipLog);
                    continue;
                }
                offset = position - candidate;
            }
            int matchEnd = MatchEnd(source, position + MinMatch, position + MinMatch - offset, end);
            int matchStart = position;
            while (matchStart > anchor && matchStart > offset && source[matchStart - 1] == source[matchStart - 1 - offset])
            {
                matchStart--;
            }
            Emit(source[anchor..matchStart], matchEnd - matchStart, offset);
            anchor = position = matchEnd;
            if (position < limit)
            {
                // Index inside the match too, so the next repetition of its middle is found.
                _table[Hash(Read64(source, matchStart + 1) & MinMatchMask)] = matchStart + 1;
                _table[Hash(Read64(source, position - 2) & MinMatchMask)] = position - 2;
            }
        }
        source[anchor..end].CopyTo(_literals.AsSpan(_literalCount));
        _literalCount += end - anchor;
    }

    private void Emit(ReadOnlySpan<byte> literals, int matchLength, int offset)
    {
        literals.CopyTo(_literals.AsSpan(_literalCount));
        _literalCount += literals.Length;
        _sequences[_sequenceCount++] = new Sequence(literals.Length, matchLength, Repeats.Encode(offset, literals.Length));
    }

    /// <summary>Where the match that continues at <paramref name="position"/> from <paramref name="earlier"/> stops, at most <paramref name="end"/>.</summary>
    private static int MatchEnd(ReadOnlySpan<byte> source, int position, int earlier, int end)
    {
        while (position + 8 <= end)
        {
            ulong difference = Read64(source, position) ^ Read64(source, earlier);
            if (difference != 0)
            {
                return position + (BitOperations.TrailingZeroCount(difference) >> 3);
            }
            position += 8;
            earlier += 8;
        }
        while (position < end && source[position] == source[earlier])
        {
            position++;
            earlier++;
        }
        return position;
    }

    private int Hash(ulong value) => (int)((value * 0xCF1BBCDCB7A56463UL) >> _hashShift);

    // Unchecked: every caller has proven the 8 bytes lie within the source. Little-endian order,
    // which MatchEnd's byte count and MinMatchMask assume, is what .NET runs on every target Tessera ships for.
    private static ulong Read64(ReadOnlySpan<byte> source, int position) =>
        Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(source), position));

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_table);
        ArrayPool<Sequence>.Shared.Return(_sequences);
        ArrayPool<byte>.Shared.Return(_literals);
    }
}
