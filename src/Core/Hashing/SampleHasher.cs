using Tessera.Storage;

namespace Tessera;

/// <summary>
/// Sample ids. A sample whose canonical encoding (header and element bytes) fits in
/// <see cref="InlineMax"/> bytes is its own id: the first byte is 0x80 plus the encoding's length,
/// the encoding follows, zero-padded. Any other sample's id is the SHA-256 of its encoding with the
/// first byte's top bit cleared. Small samples (scalars, short strings, labels) are most of the
/// samples of a table, and inlining them saves their hashing, pack bytes and index entries.
/// </summary>
internal static class SampleHasher
{
    public const int InlineMax = ObjectId.Size - 1;

    public static ObjectId Hash(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        if (header.Length + data.Length <= InlineMax)
        {
            ObjectId inline = default;
            HashInline(header, data, data.Length, new Span<ObjectId>(ref inline));
            return inline;
        }
        return HashStored(header, data);
    }

    /// <summary>
    /// The SHA-256 of an encoding with the first byte's top bit cleared, however short it is: the
    /// id of what is stored (a run of few items is as short as an inline sample, and is stored).
    /// </summary>
    public static ObjectId HashStored(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        Span<byte> id = stackalloc byte[ObjectId.Size];
        Sha256.Hash(header, data, id);
        id[0] &= 0x7F;
        return ObjectId.Read(id);
    }

    /// <summary>
    /// The ids of samples of one header and <paramref name="itemSize"/> bytes each, back to back in
    /// <paramref name="data"/>, whose encodings fit in an id (the caller checks): the marker and
    /// header are written once, then only each sample's bytes.
    /// </summary>
    public static void HashInline(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data, int itemSize, Span<ObjectId> ids)
    {
        int length = header.Length + itemSize;
        if (length > InlineMax || (long)ids.Length * itemSize != data.Length)
            throw new ArgumentException($"{ids.Length} samples of {length} bytes are not inline samples held in {data.Length} bytes.", nameof(data));
        Span<byte> id = stackalloc byte[ObjectId.Size];
        id.Clear();
        id[0] = (byte)(0x80 | length);
        header.CopyTo(id[1..]);
        if (itemSize is 1 or 2 or 4 or 8)
        {
            ObjectId.WithItems(id[..(1 + header.Length)], data, itemSize, ids);
            return;
        }
        var value = id.Slice(1 + header.Length, itemSize);
        for (int i = 0; i < ids.Length; i++)
        {
            data.Slice(i * itemSize, itemSize).CopyTo(value);
            ids[i] = ObjectId.Read(id);
        }
    }

    /// <summary>
    /// The ids of str or bytes samples whose encodings fit in an id, sample i being
    /// <paramref name="data"/>[offsets[i]..offsets[i + 1]]: the marker and header of each length
    /// are written once, then only each sample's bytes. Through <see cref="HashInline"/>, a sample at
    /// a time (its header written, the whole id cleared), the ids of a table's 2,000,000 names took
    /// 8 % of their column's import CPU, more than encoding their leaves; this way 3 %.
    /// </summary>
    public static void HashInlineTexts(ColumnKind kind, ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, Span<ObjectId> ids)
    {
        int headerSize = BlobFormat.HeaderSize(1);
        Span<byte> prefixes = stackalloc byte[(InlineMax - headerSize + 1) * (1 + headerSize)];
        Span<bool> written = stackalloc bool[InlineMax - headerSize + 1];
        written.Clear();
        Span<byte> id = stackalloc byte[ObjectId.Size];
        for (int i = 0; i < ids.Length; i++)
        {
            int length = offsets[i + 1] - offsets[i];
            if ((uint)length > (uint)(InlineMax - headerSize))
                throw new ArgumentException($"A sample of {headerSize + length} bytes encoded is not an inline sample.", nameof(data));
            var prefix = prefixes.Slice(length * (1 + headerSize), 1 + headerSize);
            if (!written[length])
            {
                prefix[0] = (byte)(0x80 | (headerSize + length));
                BlobFormat.WriteHeader(prefix[1..], kind, null, [length]);
                written[length] = true;
            }
            prefix.CopyTo(id);
            data.Slice(offsets[i], length).CopyTo(id[(1 + headerSize)..]);
            id[(1 + headerSize + length)..].Clear();
            ids[i] = ObjectId.Read(id);
        }
    }

    /// <summary>The canonical encoding an inline sample id holds.</summary>
    public static byte[] InlineEncoding(ObjectId id)
    {
        Span<byte> bytes = stackalloc byte[ObjectId.Size];
        id.Write(bytes);
        int length = bytes[0] & 0x7F;
        if (!id.IsInlineSample || length > InlineMax)
            throw new CorruptObjectException($"{id.ToShortString()} is not an inline sample id.");
        return bytes.Slice(1, length).ToArray();
    }
}
