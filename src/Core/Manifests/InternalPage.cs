namespace Tessera.Manifests;

/// <summary>
/// An inner node of a manifest tree (<c>I</c>): per child its first key, page id and number of
/// entries below it, so counts and lookups never touch the leaves they do not need.
/// </summary>
internal sealed class InternalPage
{
    public const byte Type = (byte)'I';

    private InternalPage(byte level, byte[][] firstKeys, ObjectId[] children, long[] counts)
    {
        this.Level = level;
        this.FirstKeys = firstKeys;
        this.Children = children;
        this.Counts = counts;
    }

    /// <summary>1 for a parent of leaves, 2 above that, ...</summary>
    public byte Level { get; }

    public byte[][] FirstKeys { get; }

    public ObjectId[] Children { get; }

    public long[] Counts { get; }

    /// <summary>The child whose range holds <paramref name="key"/> (the last child whose first key ≤ key).</summary>
    public int ChildFor(ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = this.Children.Length - 1, found = 0;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (this.FirstKeys[mid].AsSpan().SequenceCompareTo(key) <= 0)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    public static byte[] Encode(byte level, IReadOnlyList<ChildRef> children, int start, int count)
    {
        var body = new ByteWriter(count * 56);
        body.WriteByte(Type);
        body.WriteByte(level);
        body.WriteVarInt((ulong)count);
        for (int i = start; i < start + count; i++)
        {
            var child = children[i];
            body.WriteVarInt((ulong)child.FirstKey.Length);
            body.Write(child.FirstKey);
            body.Write(child.Id);
            body.WriteVarInt((ulong)child.Count);
        }
        return body.ToArray();
    }

    public static InternalPage Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 3 || data[0] != Type || data[1] == 0)
            throw new CorruptObjectException("A manifest tree page is malformed; verify the repository.");
        int pos = 2;
        int count = VarInt.ReadInt(data, ref pos, data.Length / ObjectId.Size);
        var keys = new byte[count][];
        var ids = new ObjectId[count];
        var counts = new long[count];
        for (int i = 0; i < count; i++)
        {
            int length = VarInt.ReadInt(data, ref pos, data.Length - pos);
            keys[i] = data.Slice(pos, length).ToArray();
            pos += length;
            if (pos + ObjectId.Size > data.Length)
                throw new CorruptObjectException("A manifest tree page is truncated; verify the repository.");
            ids[i] = ObjectId.Read(data[pos..]);
            pos += ObjectId.Size;
            counts[i] = (long)VarInt.Read(data, ref pos);
        }
        if (pos != data.Length || count == 0)
            throw new CorruptObjectException("A manifest tree page is malformed; verify the repository.");
        return new InternalPage(data[1], keys, ids, counts);
    }
}

/// <summary>A child reference in an inner page.</summary>
internal readonly record struct ChildRef(byte[] FirstKey, ObjectId Id, long Count);
