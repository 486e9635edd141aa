using System.Numerics;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// A Huffman decoding table for ZSTD literals (RFC 8878 §4.2): indexed by the next
/// <see cref="MaxBits"/> bits of the stream, it gives the symbol and its code length.
/// </summary>
internal sealed class HuffmanTable
{
    private const int MaxCodeLength = 11;
    private const int WeightsMaxAccuracyLog = 6;

    private HuffmanTable(int maxBits)
    {
        MaxBits = maxBits;
        Symbols = new byte[1 << maxBits];
        Lengths = new byte[1 << maxBits];
    }

    public int MaxBits { get; }
    public byte[] Symbols { get; }
    public byte[] Lengths { get; }

    /// <summary>Reads a Huffman tree description; <paramref name="bytesRead"/> is its length.</summary>
    public static HuffmanTable Read(ReadOnlySpan<byte> source, out int bytesRead)
    {
        if (source.IsEmpty)
        {
            throw new InvalidDataException("ZSTD Huffman tree description is missing.");
        }
        Span<byte> weights = stackalloc byte[256];
        int header = source[0];
        int count;
        if (header < 128)
        {
            bytesRead = 1 + header;
            if (bytesRead > source.Length)
            {
                throw new InvalidDataException("ZSTD Huffman weights are truncated.");
            }
            count = DecodeCompressedWeights(source.Slice(1, header), weights);
        }
        else
        {
            count = header - 127;
            bytesRead = 1 + (count + 1) / 2;
            if (bytesRead > source.Length)
            {
                throw new InvalidDataException("ZSTD Huffman weights are truncated.");
            }
            for (int i = 0; i < count; i++)
            {
                byte packed = source[1 + i / 2];
                weights[i] = (byte)((i & 1) == 0 ? packed >> 4 : packed & 0xF);
            }
        }
        return Build(weights, count);
    }

    private static int DecodeCompressedWeights(ReadOnlySpan<byte> source, Span<byte> weights)
    {
        var table = FseTable.Read(source, 255, WeightsMaxAccuracyLog, out int descriptionLength);
        var bits = new BackwardBitReader(source[descriptionLength..]);
        int state1 = (int)bits.Read(table.AccuracyLog);
        int state2 = (int)bits.Read(table.AccuracyLog);
        int count = 0;
        // Two interleaved states; when one runs out of bits the other emits the final symbol.
        while (true)
        {
            if (count > 253)
            {
                throw new InvalidDataException("ZSTD Huffman weights decode to more than 255 symbols.");
            }
            weights[count++] = table.Symbols[state1];
            state1 = table.BaseStates[state1] + (int)bits.Read(table.NumBits[state1]);
            if (bits.BitsRemaining < 0)
            {
                weights[count++] = table.Symbols[state2];
                break;
            }
            weights[count++] = table.Symbols[state2];
            state2 = table.BaseStates[state2] + (int)bits.Read(table.NumBits[state2]);
            if (bits.BitsRemaining < 0)
            {
                weights[count++] = table.Symbols[state1];
                break;
            }
        }
        return count;
    }

    private static HuffmanTable Build(Span<byte> weights, int count)
    {
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            if (weights[i] > MaxCodeLength)
            {
                throw new InvalidDataException($"ZSTD Huffman weight {weights[i]} exceeds {MaxCodeLength}.");
            }
            if (weights[i] > 0)
            {
                total += 1L << (weights[i] - 1);
            }
        }
        if (total == 0)
        {
            throw new InvalidDataException("ZSTD Huffman weights are all zero.");
        }
        int maxBits = BitOperations.Log2((ulong)total) + 1;
        if (maxBits > MaxCodeLength)
        {
            throw new InvalidDataException("ZSTD Huffman code lengths exceed 11 bits.");
        }
        long rest = (1L << maxBits) - total;
        if (!BitOperations.IsPow2(rest))
        {
            throw new InvalidDataException("ZSTD Huffman weights do not form a complete code.");
        }
        weights[count] = (byte)(BitOperations.Log2((ulong)rest) + 1);
        int symbolCount = count + 1;

        var table = new HuffmanTable(maxBits);
        int position = 0;
        for (int weight = 1; weight <= maxBits; weight++)
        {
            int span = 1 << (weight - 1);
            byte length = (byte)(maxBits + 1 - weight);
            for (int symbol = 0; symbol < symbolCount; symbol++)
            {
                if (weights[symbol] == weight)
                {
                    table.Symbols.AsSpan(position, span).Fill((byte)symbol);
                    table.Lengths.AsSpan(position, span).Fill(length);
                    position += span;
                }
            }
        }
        return table;
    }

    /// <summary>Decodes exactly <paramref name="output"/>.Length symbols from one backward stream.</summary>
    public void DecodeStream(ReadOnlySpan<byte> stream, Span<byte> output)
    {
        var bits = new BackwardBitReader(stream);
        int maxBits = MaxBits;
        byte[] symbols = Symbols;
        byte[] lengths = Lengths;
        for (int i = 0; i < output.Length; i++)
        {
            int index = (int)bits.Peek(maxBits);
            output[i] = symbols[index];
            bits.Skip(lengths[index]);
        }
        if (bits.BitsRemaining != 0)
        {
            throw new InvalidDataException("ZSTD Huffman stream length does not match its symbol count.");
        }
    }
}
