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
