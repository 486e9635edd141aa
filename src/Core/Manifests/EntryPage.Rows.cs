namespace Tessera.Manifests;

/// <summary>
/// The row layout of entry pages that formats 3 to 5 wrote (format section 5.2): per entry its key's
/// shared length, suffix length, suffix and id index, one entry after another. Read, never written.
/// </summary>
internal sealed partial class EntryPage
{
    private static EntryPage DecodeRows(ReadOnlySpan<byte> data)
    {
        int pos = 1;
        var (count, distinctCount) = ReadCounts(data, ref pos);
        var ids = new ObjectId[distinctCount];
        ReadCompact(data, ref pos, ids);
        int[]? indices = null;
        var offsets = new int[count + 1];
        int entriesStart = pos, total = 0, prevLength = 0;
        for (int i = 0; i < count; i++)
        {
            int shared = VarInt.ReadInt(data, ref pos, prevLength);
            int suffix = VarInt.ReadInt(data, ref pos, Math.Min(data.Length - pos, MaxKeyLength - shared));
            pos += suffix;
            offsets[i] = total;
            prevLength = shared + suffix;
            total += prevLength;
            if (total > KeyBytesLimit)
                throw new CorruptObjectException("A manifest page's keys add up to more than 2 GiB; verify the repository.");
            int index = VarInt.ReadInt(data, ref pos, distinctCount - 1);
            if (indices is null && index != i)
            {
                indices = new int[count];
                for (int j = 0; j < i; j++)
                    indices[j] = j;
            }
            if (indices is not null)
                indices[i] = index;
        }
        offsets[count] = total;
        CheckEnd(data, pos);
        var keys = new byte[total];
        pos = entriesStart;
        for (int i = 0; i < count; i++)
        {
            int shared = VarInt.ReadInt(data, ref pos, int.MaxValue);
            int suffix = VarInt.ReadInt(data, ref pos, int.MaxValue);
            RestoreKey(keys, offsets, i, shared, data.Slice(pos, suffix));
            pos += suffix;
            VarInt.Read(data, ref pos);
        }
        return new EntryPage(data[0], keys, offsets, ids, indices, count);
    }

    /// <summary>Key <paramref name="i"/>: the first <paramref name="shared"/> bytes of the key before it, then its suffix.</summary>
    private static void RestoreKey(byte[] keys, int[] offsets, int i, int shared, ReadOnlySpan<byte> suffix)
    {
        if (i > 0)
            keys.AsSpan(offsets[i - 1], shared).CopyTo(keys.AsSpan(offsets[i]));
        suffix.CopyTo(keys.AsSpan(offsets[i] + shared));
    }
}
