namespace Tessera.Manifests;

/// <summary>
/// Sample ids as manifest pages and the staging log store them: an inline sample id takes its
/// first byte and the encoding it holds (1 + length bytes), any other id its 32 bytes. Most
/// samples of a table are inline, and their ids are mostly padding.
/// </summary>
internal static class CompactId
{
    private const int InlineMarker = 0x80;

    public static int Length(ObjectId id) => id.IsInlineSample ? 1 + InlineLength(id) : ObjectId.Size;

    public static void Write(ByteWriter writer, ObjectId id)
    {
        if (!id.IsInlineSample)
        {
            writer.Write(id);
            return;
        }
        Span<byte> bytes = stackalloc byte[ObjectId.Size];
        id.Write(bytes);
        int length = 1 + InlineLength(id);
        if (bytes[length..].ContainsAnyExcept((byte)0))
            throw new InvalidOperationException($"{id} is not a sample id.");
        writer.Write(bytes[..length]);
    }

    public static ObjectId Read(ReadOnlySpan<byte> data, ref int pos)
    {
        if (pos >= data.Length)
            throw new CorruptObjectException("A sample id is truncated; verify the repository.");
        int length = data[pos] < InlineMarker ? ObjectId.Size : 1 + data[pos] - InlineMarker;
        if (length > ObjectId.Size || pos + length > data.Length)
            throw new CorruptObjectException("A sample id is malformed or truncated; verify the repository.");
        Span<byte> bytes = stackalloc byte[ObjectId.Size];
        bytes.Clear();
        data.Slice(pos, length).CopyTo(bytes);
        pos += length;
        return ObjectId.Read(bytes);
    }

    private static int InlineLength(ObjectId id)
    {
        int length = id.FirstByte - InlineMarker;
        return length <= SampleHasher.InlineMax ? length : throw new InvalidOperationException($"{id} is not a sample id.");
    }
}
