using System.Text;

namespace Tessera.Formats.Parquet.Values;

/// <summary>
/// Variable-length values (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY) packed into one buffer with
/// offsets, so a column of strings costs two arrays instead of one allocation per value.
/// </summary>
public sealed class BinaryValues
{
    private byte[] data;
    private int[] offsets;

    public BinaryValues(int capacity = 16, int byteCapacity = 256)
    {
        this.data = new byte[Math.Max(byteCapacity, 16)];
        this.offsets = new int[Math.Max(capacity, 1) + 1];
    }

    public int Count { get; private set; }
    /// <summary>Total bytes of all values.</summary>
    public int ByteLength => this.offsets[Count];

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return this.data.AsSpan(this.offsets[index], this.offsets[index + 1] - this.offsets[index]);
        }
    }

    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>The concatenated bytes of all values.</summary>
    public ReadOnlySpan<byte> Data => this.data.AsSpan(0, ByteLength);

    /// <summary>Start offsets of the values in <see cref="Data"/>, plus the end offset (Count + 1 entries).</summary>
    public ReadOnlySpan<int> Offsets => this.offsets.AsSpan(0, Count + 1);

    /// <summary><see cref="Data"/> and <see cref="Offsets"/> as memory, for batch calls that outlive a span.</summary>
    public (ReadOnlyMemory<byte> Data, ReadOnlyMemory<int> Offsets) AsMemory() => (this.data.AsMemory(0, ByteLength), this.offsets.AsMemory(0, Count + 1));

    public void Add(ReadOnlySpan<byte> value)
    {
        var destination = Reserve(value.Length);
        value.CopyTo(destination);
    }

    public void Add(string value) => Add(Encoding.UTF8.GetBytes(value));

    /// <summary>Appends a value of <paramref name="length"/> bytes and returns its storage to fill in.</summary>
    public Span<byte> Reserve(int length)
    {
        if (Count + 1 >= this.offsets.Length)
        {
            Array.Resize(ref this.offsets, checked(this.offsets.Length * 2));
        }
        int start = this.offsets[Count];
        long end = (long)start + length;
        if (end > Array.MaxLength)
        {
            throw new ParquetFormatException($"Binary values exceed the {Array.MaxLength}-byte limit of one .NET array.");
        }
        if (end > this.data.Length)
        {
            Array.Resize(ref this.data, (int)Math.Min(Array.MaxLength, Math.Max(end, this.data.Length * 2L)));
        }
        Count++;
        this.offsets[Count] = (int)end;
        return this.data.AsSpan(start, length);
    }

    /// <summary>Makes room for <paramref name="count"/> more values and <paramref name="bytes"/> more bytes.</summary>
    public void EnsureCapacity(int count, long bytes)
    {
        // Grow geometrically: pages call this one after another, and exact growth would copy quadratically.
        long offsetsNeeded = (long)Count + count + 1;
        if (offsetsNeeded > this.offsets.Length && offsetsNeeded <= Array.MaxLength)
        {
            Array.Resize(ref this.offsets, (int)Math.Min(Array.MaxLength, Math.Max(offsetsNeeded, this.offsets.Length * 2L)));
        }
        long needed = this.offsets[Count] + bytes;
        if (needed > this.data.Length && needed <= Array.MaxLength)
        {
            Array.Resize(ref this.data, (int)Math.Min(Array.MaxLength, Math.Max(needed, this.data.Length * 2L)));
        }
    }
}
