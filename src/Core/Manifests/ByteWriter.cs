namespace Tessera.Manifests;

/// <summary>A growable byte buffer for page encodings: varints, spans and ids, without per-byte calls.</summary>
internal sealed class ByteWriter(int capacity = 256)
{
    private byte[] buffer = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }

    public int Capacity => this.buffer.Length;

    /// <summary>The bytes written so far, valid until the next write or <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Written => this.buffer.AsMemory(0, this.Length);

    public void WriteByte(byte value)
    {
        this.Ensure(1);
        this.buffer[this.Length++] = value;
    }

    public void WriteVarInt(ulong value)
    {
        this.Ensure(10);
        while (value >= 0x80)
        {
            this.buffer[this.Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        this.buffer[this.Length++] = (byte)value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        this.Ensure(bytes.Length);
        bytes.CopyTo(this.buffer.AsSpan(this.Length));
        this.Length += bytes.Length;
    }

    /// <summary>A key prefix-compressed against the previous one: shared length, suffix length, suffix.</summary>
    public void WriteKey(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> key)
    {
        int shared = previous.CommonPrefixLength(key);
        this.WriteVarInt((ulong)shared);
        this.WriteVarInt((ulong)(key.Length - shared));
        this.Write(key[shared..]);
    }

    public void Write(ObjectId id) => this.WritePrefix(id, ObjectId.Size);

    /// <summary>The first <paramref name="length"/> bytes of <paramref name="id"/> (an inline sample id without its padding).</summary>
    public void WritePrefix(ObjectId id, int length)
    {
        // The whole id goes in and the length moves past its prefix only: no copy through a buffer.
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)ObjectId.Size, nameof(length));
        this.Ensure(ObjectId.Size);
        id.Write(this.buffer.AsSpan(this.Length));
        this.Length += length;
    }

    /// <summary>Appends <paramref name="count"/> bytes for the caller to fill.</summary>
    public Span<byte> Take(int count)
    {
        this.Ensure(count);
        this.Length += count;
        return this.buffer.AsSpan(this.Length - count, count);
    }

    public byte[] ToArray() => this.buffer.AsSpan(0, this.Length).ToArray();

    /// <summary>Empties the buffer for reuse, with room for at least <paramref name="capacity"/> bytes.</summary>
    public void Reset(int capacity)
    {
        this.Length = 0;
        this.Ensure(capacity);
    }

    private void Ensure(int extra)
    {
        if (this.Length + extra > this.buffer.Length)
            Array.Resize(ref this.buffer, Math.Max(this.buffer.Length * 2, this.Length + extra));
    }
}
