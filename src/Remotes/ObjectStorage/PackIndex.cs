using System.Buffers.Binary;
using System.Text;

namespace Tessera.Remotes.ObjectStorage;

/// <summary>Where one object lies in a pack: its kind, id, codec, and byte range.</summary>
internal readonly record struct PackEntry(ObjectKind Kind, ObjectId Id, Codec Codec, long Offset, int Length);

/// <summary>
/// The index object <c>packs/ID.idx</c> of the pack <c>packs/ID.pack</c> (ID: the SHA-256 of the
/// pack's bytes). Layout, little-endian: the magic <c>TSRPIDX1</c>, the pack's id (32 bytes), the
/// pack's length (int64), the entry count (int32), four zero bytes; then per entry kind, codec, two
/// zero bytes, length (int32), offset (int64), id (32 bytes); then the SHA-256 of everything before
/// it, so a truncated or damaged index is told from a complete one.
/// </summary>
internal static class PackIndex
{
    public const string PackSuffix = ".pack";
    public const string IndexSuffix = ".idx";
    private const int HeaderSize = 8 + ObjectId.Size + 8 + 4 + 4;
    private const int EntrySize = 8 + 8 + ObjectId.Size;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("TSRPIDX1");

    public static byte[] Encode(ObjectId pack, long packLength, IReadOnlyList<PackEntry> entries)
    {
        var bytes = new byte[HeaderSize + (entries.Count * EntrySize) + ObjectId.Size];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        pack.Write(span[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(span[40..], packLength);
        BinaryPrimitives.WriteInt32LittleEndian(span[48..], entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var at = span.Slice(HeaderSize + (i * EntrySize), EntrySize);
            at[0] = (byte)e.Kind;
            at[1] = (byte)e.Codec;
            BinaryPrimitives.WriteInt32LittleEndian(at[4..], e.Length);
            BinaryPrimitives.WriteInt64LittleEndian(at[8..], e.Offset);
            e.Id.Write(at[16..]);
        }
        ObjectId.Hash(span[..^ObjectId.Size]).Write(span[^ObjectId.Size..]);
        return bytes;
    }

    /// <summary>Reads an index, refusing (<see cref="ErrorCode.CorruptObject"/>) one that is truncated, damaged, or names ranges outside its pack.</summary>
    public static List<PackEntry> Decode(ReadOnlySpan<byte> bytes, ObjectId expectedPack, string where)
    {
        if (bytes.Length < HeaderSize + ObjectId.Size || !bytes[..8].SequenceEqual(Magic))
            throw Corrupt(where, "it is truncated or not a pack index");
        if (ObjectId.Hash(bytes[..^ObjectId.Size]) != ObjectId.Read(bytes[^ObjectId.Size..]))
            throw Corrupt(where, "its checksum does not match (truncated or damaged)");
        if (ObjectId.Read(bytes[8..]) != expectedPack)
            throw Corrupt(where, "it describes another pack than its name says");
        long packLength = BinaryPrimitives.ReadInt64LittleEndian(bytes[40..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[48..]);
        if (count < 0 || (long)HeaderSize + ((long)count * EntrySize) + ObjectId.Size != bytes.Length)
            throw Corrupt(where, "its entry count does not match its length");
        var entries = new List<PackEntry>(count);
        for (int i = 0; i < count; i++)
        {
            var at = bytes.Slice(HeaderSize + (i * EntrySize), EntrySize);
            var kind = (ObjectKind)at[0];
            var codec = (Codec)at[1];
            int length = BinaryPrimitives.ReadInt32LittleEndian(at[4..]);
            long offset = BinaryPrimitives.ReadInt64LittleEndian(at[8..]);
            if (!ObjectKinds.IsKnown(kind) || !Enum.IsDefined(codec) || (kind != ObjectKind.Blob && codec != Codec.None)
                || at[2] != 0 || at[3] != 0 || length < 1 || length > ObjectFrames.MaxObjectSize || offset < 0 || offset + length > packLength)
            {
                throw Corrupt(where, $"entry {i} is malformed");
            }
            entries.Add(new PackEntry(kind, ObjectId.Read(at[16..]), codec, offset, length));
        }
        return entries;
    }

    private static CorruptObjectException Corrupt(string where, string why) =>
        new($"{where} is not a valid pack index ({why}). Delete it (its pack's objects become invisible), then push again from a complete repository.");
}
