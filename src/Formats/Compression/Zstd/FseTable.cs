using System.Numerics;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// A finite-state-entropy decoding table (RFC 8878 §4.1.1): for each state, the symbol it
/// emits and how to reach the next state (a base plus a number of bits read from the stream).
/// </summary>
internal sealed class FseTable
{
    private FseTable(int accuracyLog)
    {
        AccuracyLog = accuracyLog;
        int size = 1 << accuracyLog;
        Symbols = new byte[size];
        NumBits = new byte[size];
        BaseStates = new ushort[size];
    }

    public int AccuracyLog { get; }
    public byte[] Symbols { get; }
    public byte[] NumBits { get; }
    public ushort[] BaseStates { get; }

    /// <summary>A one-state table that always emits <paramref name="symbol"/> (RLE mode).</summary>
    public static FseTable Rle(byte symbol)
    {
        var table = new FseTable(0);
        table.Symbols[0] = symbol;
        return table;
    }

    /// <summary>Builds the decoding table from normalized counts (-1 = "less than one").</summary>
    public static FseTable Build(ReadOnlySpan<short> normalized, int accuracyLog)
    {
        var table = new FseTable(accuracyLog);
        int size = 1 << accuracyLog;
        int highThreshold = size - 1;
        Span<int> next = stackalloc int[normalized.Length];
        for (int s = 0; s < normalized.Length; s++)
        {
            if (normalized[s] == -1)
            {
                table.Symbols[highThreshold--] = (byte)s;
                next[s] = 1;
            }
            else
            {
                next[s] = normalized[s];
            }
        }
        int step = (size >> 1) + (size >> 3) + 3;
        int mask = size - 1;
        int position = 0;
        for (int s = 0; s < normalized.Length; s++)
        {
            for (int i = 0; i < normalized[s]; i++)
            {
                table.Symbols[position] = (byte)s;
                do
                {
                    position = (position + step) & mask;
                } while (position > highThreshold);
            }
        }
        if (position != 0)
        {
            throw new InvalidDataException("ZSTD FSE table distribution does not fill the table.");
        }
        for (int state = 0; state < size; state++)
        {
            int nextState = next[table.Symbols[state]]++;
            int bits = accuracyLog - BitOperations.Log2((uint)nextState);
            table.NumBits[state] = (byte)bits;
            table.BaseStates[state] = (ushort)((nextState << bits) - size);
        }
        return table;
    }

    /// <summary>
    /// Reads an FSE table description (normalized counts) from the start of <paramref name="source"/>
    /// and returns the table; <paramref name="bytesRead"/> is the description's length.
    /// </summary>
    public static FseTable Read(ReadOnlySpan<byte> source, int maxSymbol, int maxAccuracyLog, out int bytesRead)
    {
        var bits = new ForwardBitReader(source);
        int accuracyLog = bits.Read(4) + 5;
        if (accuracyLog > maxAccuracyLog)
        {
            throw new InvalidDataException($"ZSTD FSE accuracy log {accuracyLog} exceeds the maximum {maxAccuracyLog}.");
        }
        Span<short> normalized = stackalloc short[maxSymbol + 1];
        int remaining = (1 << accuracyLog) + 1;
        int threshold = 1 << accuracyLog;
        int nbBits = accuracyLog + 1;
        int symbol = 0;
        bool previousZero = false;
        while (remaining > 1)
        {
            if (previousZero)
            {
                int repeatEnd = symbol;
                int flag;
                do
                {
                    flag = bits.Read(2);
                    repeatEnd += flag;
                } while (flag == 3 && repeatEnd <= maxSymbol + 1);
                if (repeatEnd > maxSymbol + 1)
                {
                    throw new InvalidDataException("ZSTD FSE table description has too many symbols.");
                }
                while (symbol < repeatEnd)
                {
                    normalized[symbol++] = 0;
                }
            }
            if (symbol > maxSymbol)
            {
                throw new InvalidDataException("ZSTD FSE table description has too many symbols.");
            }
            int max = 2 * threshold - 1 - remaining;
            int count = bits.Peek(nbBits - 1);
            if (count < max)
            {
                bits.Skip(nbBits - 1);
            }
            else
            {
                count = bits.Peek(nbBits);
                if (count >= threshold)
                {
                    count -= max;
                }
                bits.Skip(nbBits);
            }
            count--;
            remaining -= Math.Abs(count);
            if (remaining < 1)
            {
                throw new InvalidDataException("ZSTD FSE table description overflows its probability total.");
            }
            normalized[symbol++] = (short)count;
            previousZero = count == 0;
            while (remaining < threshold)
            {
                nbBits--;
                threshold >>= 1;
            }
        }
        bytesRead = bits.BytesConsumed;
        if (bytesRead > source.Length)
        {
            throw new InvalidDataException("ZSTD FSE table description is truncated.");
        }
        return Build(normalized[..symbol], accuracyLog);
    }

    /// <summary>Little-endian forward bit reader for table descriptions; zero bits past the end.</summary>
    private ref struct ForwardBitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly int BytesConsumed => (_position + 7) >> 3;

        public int Read(int count)
        {
            int value = Peek(count);
            _position += count;
            return value;
        }

        public void Skip(int count) => _position += count;

        public readonly int Peek(int count)
        {
            int value = 0;
            for (int i = 0; i < count; i++)
            {
                int bit = _position + i;
                int byteIndex = bit >> 3;
                if (byteIndex < _data.Length)
                {
                    value |= ((_data[byteIndex] >> (bit & 7)) & 1) << i;
                }
            }
            return value;
        }
    }
}
