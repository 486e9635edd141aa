using System.Buffers.Binary;

namespace Tessera.Formats.Zarr;

/// <summary>The <c>crc32c</c> codec: the data followed by its CRC-32C, little-endian.</summary>
internal sealed class Crc32cCodec : IBytesToBytesCodec
{
    public string Name => "crc32c";

    public long? EncodedSize(long size) => size + 4;

    public byte[] Decode(byte[] encoded, long? expectedSize, string file)
    {
        if (encoded.Length < 4)
            throw ZarrErrors.CorruptChunk(file, $"it is {encoded.Length} bytes, too short to hold a crc32c checksum.");
        var data = encoded.AsSpan(0, encoded.Length - 4);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(encoded.AsSpan(encoded.Length - 4));
        uint actual = Checksums.Crc32C(data);
        if (stored != actual)
            throw ZarrErrors.CorruptChunk(file, $"its crc32c is 0x{actual:x8}, the stored checksum 0x{stored:x8}.");
        return data.ToArray();
    }
}
