using System.Buffers.Binary;

namespace Tessera.Storage;

/// <summary>Where a blob's stored bytes are: pack, offset, length, codec and the CRC-32C of the stored bytes.</summary>
internal readonly record struct BlobLocation(int Pack, long Offset, int Length, Codec Codec, uint Crc)
{
    /// <summary>Size of one serialized index entry: id, pack, offset, length, codec, crc.</summary>
    public const int EntrySize = ObjectId.Size + 2 + 6 + 4 + 1 + 4;

    public static void Write(Span<byte> dest, ObjectId id, BlobLocation loc)
    {
        id.Write(dest);
        var rest = dest[ObjectId.Size..];
        BinaryPrimitives.WriteUInt16LittleEndian(rest, (ushort)loc.Pack);
        BinaryPrimitives.WriteUInt32LittleEndian(rest[2..], (uint)loc.Offset);
        BinaryPrimitives.WriteUInt16LittleEndian(rest[6..], (ushort)(loc.Offset >> 32));
        BinaryPrimitives.WriteInt32LittleEndian(rest[8..], loc.Length);
        rest[12] = (byte)loc.Codec;
        BinaryPrimitives.WriteUInt32LittleEndian(rest[13..], loc.Crc);
    }

    public static (ObjectId Id, BlobLocation Location) Read(ReadOnlySpan<byte> src)
    {
        var id = ObjectId.Read(src);
        var rest = src[ObjectId.Size..];
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(rest[2..]) | ((long)BinaryPrimitives.ReadUInt16LittleEndian(rest[6..]) << 32);
        return (id, new BlobLocation(BinaryPrimitives.ReadUInt16LittleEndian(rest), offset,
            BinaryPrimitives.ReadInt32LittleEndian(rest[8..]), (Codec)rest[12], BinaryPrimitives.ReadUInt32LittleEndian(rest[13..])));
    }
}
