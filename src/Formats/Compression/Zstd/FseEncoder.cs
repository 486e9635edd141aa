using System.Numerics;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// The encoding side of an FSE table (RFC 8878 §4.1.1), derived from the decoding table's symbol
/// spread so both agree state for state. Symbols are encoded in reverse order of decoding.
/// </summary>
internal sealed class FseEncoder
{
    private readonly int _accuracyLog;
    private readonly ushort[] _nextStates;
    private readonly int[] _deltaFindState;
    private readonly int[] _deltaBits;

    private FseEncoder(FseTable decoding, ReadOnlySpan<short> normalized)
    {
        _accuracyLog = decoding.AccuracyLog;
        int size = 1 << _accuracyLog;
        _nextStates = new ushort[size];
        _deltaFindState = new int[normalized.Length];
        _deltaBits = new int[normalized.Length];
        Span<int> cumulative = stackalloc int[normalized.Length];
        int total = 0;
        for (int s = 0; s < normalized.Length; s++)
        {
            cumulative[s] = total;
            int count = normalized[s] == -1 ? 1 : normalized[s];
            // A state of symbol s emits between maxBits-1 and maxBits bits; deltaBits folds the
            // threshold between the two into one addition (the reference implementation's trick).
            int maxBits = count == 0 ? _accuracyLog + 1 : _accuracyLog - BitOperations.Log2((uint)Math.Max(count - 1, 1));
            int minStatePlus = count <= 1 ? size : count << maxBits;
            _deltaBits[s] = (maxBits << 16) - minStatePlus;
            _deltaFindState[s] = total - count;
            total += count;
        }
        for (int state = 0; state < size; state++)
        {
            int symbol = decoding.Symbols[state];
            _nextStates[cumulative[symbol]++] = (ushort)(size + state);
        }
    }

    public static FseEncoder From(FseTable decoding, ReadOnlySpan<short> normalized) => new(decoding, normalized);

    /// <summary>The state a stream starts from when its last-decoded symbol is <paramref name="symbol"/>.</summary>
    public int InitialState(int symbol)
    {
        int bits = (_deltaBits[symbol] + (1 << 15)) >> 16;
        int value = (bits << 16) - _deltaBits[symbol];
        return _nextStates[(value >> bits) + _deltaFindState[symbol]];
    }

    public void Encode(ref BitWriter writer, ref int state, int symbol)
    {
        int bits = (state + _deltaBits[symbol]) >> 16;
        writer.Add((ulong)state, bits);
        state = _nextStates[(state >> bits) + _deltaFindState[symbol]];
    }

    /// <summary>Writes the final state, which the decoder reads first as its initial state.</summary>
    public void Flush(ref BitWriter writer, int state) => writer.Add((ulong)state, _accuracyLog);
}
