namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// A length-limited canonical Huffman code for literal bytes, in the form ZSTD transmits it
/// (RFC 8878 §4.2.1): weights from which the decoder rebuilds the same code.
/// </summary>
internal sealed class HuffmanCode
{
    public const int MaxCodeLength = 11;
    /// <summary>A header byte and at most 127 bytes of FSE-coded or 64 of direct weights.</summary>
    public const int MaxDescriptionLength = 128;
    private const int WeightsAccuracyLog = 6;
    private const int Symbols = 256;

    private HuffmanCode(byte[] lengths, int maxLength, int lastSymbol)
    {
        Lengths = lengths;
        MaxLength = maxLength;
        LastSymbol = lastSymbol;
        Codes = new ushort[Symbols];
        // Canonical assignment as the decoder fills its table: longest codes first, and within a
        // length by symbol value; each shorter length starts where the longer ones left off, halved.
        Span<int> perLength = stackalloc int[maxLength + 2];
        foreach (byte length in lengths)
        {
            perLength[length]++;
        }
        Span<int> next = stackalloc int[maxLength + 2];
        for (int length = maxLength - 1; length >= 1; length--)
        {
            next[length] = (next[length + 1] + perLength[length + 1]) >> 1;
        }
        for (int symbol = 0; symbol <= lastSymbol; symbol++)
        {
            if (lengths[symbol] > 0)
            {
                Codes[symbol] = (ushort)next[lengths[symbol]]++;
            }
        }
    }

    /// <summary>Code length per byte value, 0 for bytes that do not occur.</summary>
    public byte[] Lengths { get; }
    public ushort[] Codes { get; }
    public int MaxLength { get; }
    /// <summary>The largest byte value that occurs; its weight is left for the decoder to infer.</summary>
    public int LastSymbol { get; }

    /// <summary>Builds the code for <paramref name="counts"/> (per byte value, at least two of them non-zero).</summary>
    public static HuffmanCode Build(ReadOnlySpan<int> counts)
    {
        var lengths = new byte[Symbols];
        AssignLengths(counts, lengths);
        int maxLength = 0;
        int lastSymbol = 0;
        for (int symbol = 0; symbol < Symbols; symbol++)
        {
            if (lengths[symbol] > 0)
            {
                maxLength = Math.Max(maxLength, lengths[symbol]);
                lastSymbol = symbol;
            }
        }
        return new HuffmanCode(lengths, maxLength, lastSymbol);
    }

    /// <summary>Bits needed to code <paramref name="counts"/> with this code.</summary>
    public long CostInBits(ReadOnlySpan<int> counts)
    {
        long bits = 0;
        for (int symbol = 0; symbol <= LastSymbol; symbol++)
        {
            bits += (long)counts[symbol] * Lengths[symbol];
        }
        return bits;
    }

    /// <summary>
    /// Writes the tree description: the weights of all symbols but the last, FSE-compressed when
    /// that is shorter, else four bits each (possible up to 128 weights). Returns its length, or 0
    /// when neither form fits.
    /// </summary>
    public int WriteDescription(Span<byte> destination)
    {
        Span<byte> weights = stackalloc byte[LastSymbol];
        for (int symbol = 0; symbol < LastSymbol; symbol++)
        {
            weights[symbol] = (byte)(Lengths[symbol] == 0 ? 0 : MaxLength + 1 - Lengths[symbol]);
        }
        int direct = LastSymbol <= 128 ? 1 + (LastSymbol + 1) / 2 : int.MaxValue;
        // Two states of six bits a weight at most, plus the table description and bit-writer slack.
        Span<byte> compressed = stackalloc byte[2 * 256 * 6 / 8 + 32];
        int compressedLength = WriteCompressedWeights(weights, compressed);
        if (compressedLength > 0 && compressedLength < 128 && 1 + compressedLength < direct)
        {
            destination[0] = (byte)compressedLength;
            compressed[..compressedLength].CopyTo(destination[1..]);
            return 1 + compressedLength;
        }
        if (direct == int.MaxValue)
        {
            return 0;
        }
        destination[0] = (byte)(127 + LastSymbol);
        destination[1..direct].Clear();
        for (int symbol = 0; symbol < LastSymbol; symbol++)
        {
            destination[1 + symbol / 2] |= (byte)((symbol & 1) == 0 ? weights[symbol] << 4 : weights[symbol]);
        }
        return direct;
    }

    /// <summary>
    /// FSE-codes the weights with two interleaved states (RFC 8878 §4.2.1.2); returns the length,
    /// or 0 when one weight value is all there is (FSE cannot code a single symbol).
    /// </summary>
    private static int WriteCompressedWeights(ReadOnlySpan<byte> weights, Span<byte> destination)
    {
        Span<int> counts = stackalloc int[MaxCodeLength + 1];
        int maxWeight = 0;
        foreach (byte weight in weights)
        {
            counts[weight]++;
            maxWeight = Math.Max(maxWeight, weight);
        }
        counts = counts[..(maxWeight + 1)];
        if (counts.IndexOfAnyExcept(0) == counts.LastIndexOfAnyExcept(0))
        {
            return 0;
        }
        short[] normalized = FseDescriptionWriter.Normalize(counts, WeightsAccuracyLog);
        int position = FseDescriptionWriter.Write(normalized, WeightsAccuracyLog, destination);
        var encoder = FseEncoder.From(FseTable.Build(normalized, WeightsAccuracyLog), normalized);
        var bits = new BitWriter(destination[position..]);
        // Even-indexed weights use the first state, odd ones the second. The last weight of each
        // starts its state (the decoder stops when an update runs out of bits), and the first
        // state is flushed last because the decoder reads it first.
        int n = weights.Length;
        Span<int> states = stackalloc int[2];
        states[(n - 1) & 1] = encoder.InitialState(weights[n - 1]);
        states[(n - 2) & 1] = encoder.InitialState(weights[n - 2]);
        for (int i = n - 3; i >= 0; i--)
        {
            encoder.Encode(ref bits, ref states[i & 1], weights[i]);
        }
        encoder.Flush(ref bits, states[1]);
        encoder.Flush(ref bits, states[0]);
        return position + bits.Close();
    }

    /// <summary>Huffman code lengths by repeatedly merging the two lightest trees, then limited to <see cref="MaxCodeLength"/>.</summary>
    private static void AssignLengths(ReadOnlySpan<int> counts, byte[] lengths)
    {
        // Nodes 0..n-1 are the leaves by ascending count, n..2n-2 the merged trees, which are
        // created in ascending weight order, so two queues replace a heap.
        var byCount = new int[Symbols];
        int n = 0;
        for (int symbol = 0; symbol < Symbols; symbol++)
        {
            if (counts[symbol] > 0)
            {
                byCount[n++] = symbol;
            }
        }
        byCount = byCount[..n];
        // Ties broken by symbol value keep the code deterministic.
        var keys = new long[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = (long)counts[byCount[i]] << 8 | (uint)byCount[i];
        }
        Array.Sort(keys, byCount);
        Span<long> weight = stackalloc long[2 * n];
        Span<int> parent = stackalloc int[2 * n];
        for (int i = 0; i < n; i++)
        {
            weight[i] = counts[byCount[i]];
        }
        int leaf = 0;
        int merged = n;
        for (int next = n; next < 2 * n - 1; next++)
        {
            int first = leaf < n && (merged >= next || weight[leaf] <= weight[merged]) ? leaf++ : merged++;
            int second = leaf < n && (merged >= next || weight[leaf] <= weight[merged]) ? leaf++ : merged++;
            weight[next] = weight[first] + weight[second];
            parent[first] = next;
            parent[second] = next;
        }
        Span<int> depth = stackalloc int[2 * n];
        Span<int> perLength = stackalloc int[n + 1];
        for (int node = 2 * n - 3; node >= 0; node--)
        {
            depth[node] = depth[parent[node]] + 1;
        }
        for (int i = 0; i < n; i++)
        {
            perLength[depth[i]]++;
        }
        LimitLengths(perLength);
        // The shortest lengths go to the most frequent symbols, as in the unlimited code.
        int length = 1;
        for (int i = n - 1; i >= 0; i--)
        {
            while (perLength[length] == 0)
            {
                length++;
            }
            perLength[length]--;
            lengths[byCount[i]] = (byte)length;
        }
    }

    /// <summary>
    /// Moves codes deeper than <see cref="MaxCodeLength"/> up while keeping the code complete
    /// (ZSTD infers the last weight, which needs the exact power of two): two siblings at the
    /// deepest level become one code a level up, and a shallower code splits to make room
    /// (JPEG's Annex K.3 adjustment).
    /// </summary>
    private static void LimitLengths(Span<int> perLength)
    {
        for (int deepest = perLength.Length - 1; deepest > MaxCodeLength; deepest--)
        {
            while (perLength[deepest] > 0)
            {
                int shallower = deepest - 2;
                while (perLength[shallower] == 0)
                {
                    shallower--;
                }
                perLength[deepest] -= 2;
                perLength[deepest - 1]++;
                perLength[shallower + 1] += 2;
                perLength[shallower]--;
            }
        }
    }
}
