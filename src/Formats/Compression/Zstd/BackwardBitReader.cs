using System.Buffers.Binary;
using System.Numerics;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// Reads a ZSTD backward bitstream (RFC 8878 §4.1): the stream is written forwards and read from
/// its last bit towards its first, starting just below the highest set bit of the final byte.
/// Reading past the beginning yields zero bits and leaves <see cref="BitsRemaining"/> negative,
/// which the callers treat as the end-of-stream (weights) or corruption (everything else) signal.
/// </summary>
internal ref struct BackwardBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private long _bitsRemaining;

    public BackwardBitReader(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || data[^1] == 0)
        {
            throw new InvalidDataException("ZSTD bitstream is empty or lacks its end-of-stream marker bit.");
        }
        _data = data;
        _bitsRemaining = (data.Length - 1) * 8L + BitOperations.Log2(data[^1]);
    }

    /// <summary>Bits not yet read; negative once the reader has run past the start of the stream.</summary>
    public readonly long BitsRemaining => _bitsRemaining;

    /// <summary>Reads <paramref name="count"/> (0..56) bits.</summary>
    public ulong Read(int count)
    {
        ulong value = Peek(count);
        _bitsRemaining -= count;
        return value;
    }

    /// <summary>Consumes bits already inspected with <see cref="Peek"/>.</summary>
    public void Skip(int count) => _bitsRemaining -= count;

    /// <summary>Returns the next <paramref name="count"/> (0..56) bits without consuming them.</summary>
    public readonly ulong Peek(int count)
    {
        if (count == 0)
        {
            return 0;
        }
        long start = _bitsRemaining - count;
        if (start >= 0)
        {
            return Extract(start, count);
        }
        if (_bitsRemaining <= 0)
        {
            return 0;
        }
        return Extract(0, (int)_bitsRemaining) << (int)-start;
    }

    private readonly ulong Extract(long bitPosition, int count)
    {
        int byteIndex = (int)(bitPosition >> 3);
        int shift = (int)(bitPosition & 7);
        ulong word;
        if (byteIndex + 8 <= _data.Length)
        {
            word = BinaryPrimitives.ReadUInt64LittleEndian(_data[byteIndex..]);
        }
        else
        {
            word = 0;
            for (int i = _data.Length - 1; i >= byteIndex; i--)
            {
                word = word << 8 | _data[i];
            }
        }
        return (word >> shift) & ((1UL << count) - 1);
    }
}
