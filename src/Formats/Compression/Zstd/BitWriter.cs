using System.Buffers.Binary;

namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// Writes a ZSTD bitstream forwards, little-endian, for <see cref="BackwardBitReader"/> to read
/// from the end: <see cref="Close"/> appends the end-of-stream marker bit.
/// The destination needs 8 bytes of slack past the last byte written.
/// </summary>
internal ref struct BitWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _position;
    private ulong _bits;
    private int _count;

    /// <summary>Appends the low <paramref name="count"/> (0..32) bits of <paramref name="value"/>.</summary>
    public void Add(ulong value, int count)
    {
        _bits |= (value & ((1UL << count) - 1)) << _count;
        _count += count;
        if (_count >= 32)
        {
            Flush();
        }
    }

    /// <summary>
    /// Appends <paramref name="count"/> bits of a <paramref name="value"/> that has no higher bits
    /// set, without flushing: callers add at most 56 bits between calls to <see cref="Flush"/>.
    /// </summary>
    public void AddUnflushed(ulong value, int count)
    {
        _bits |= value << _count;
        _count += count;
    }

    /// <summary>Appends the marker bit, writes out the last partial byte and returns the stream's length.</summary>
    public int Close()
    {
        Add(1, 1);
        return CloseWithoutMarker();
    }

    /// <summary>Writes out the last partial byte and returns the length, for forward-read fields such as FSE table descriptions.</summary>
    public int CloseWithoutMarker()
    {
        Flush();
        if (_count > 0)
        {
            _destination[_position++] = (byte)_bits;
        }
        return _position;
    }

    public void Flush()
    {
        // Whole bytes go out with one unaligned store; the partial byte stays in the accumulator.
        BinaryPrimitives.WriteUInt64LittleEndian(_destination[_position..], _bits);
        int bytes = _count >> 3;
        _position += bytes;
        _bits >>= bytes * 8;
        _count &= 7;
    }
}
