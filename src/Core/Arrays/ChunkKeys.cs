using System.Buffers.Binary;

namespace Tessera.Arrays;

/// <summary>Chunk coordinates as manifest keys: one integer key per dimension, so chunks sort in C order.</summary>
internal static class ChunkKeys
{
    public static byte[] Encode(ReadOnlySpan<long> coords)
    {
        var key = new byte[coords.Length * 9];
        for (int d = 0; d < coords.Length; d++)
        {
            key[d * 9] = 0x01;
            BinaryPrimitives.WriteInt64BigEndian(key.AsSpan((d * 9) + 1), coords[d]);
        }
        return key;
    }

    public static long[] Decode(ReadOnlySpan<byte> key)
    {
        if (key.Length % 9 != 0)
            throw new CorruptObjectException("A chunk key is malformed; verify the repository.");
        var coords = new long[key.Length / 9];
        for (int d = 0; d < coords.Length; d++)
        {
            if (key[d * 9] != 0x01)
                throw new CorruptObjectException("A chunk key is malformed; verify the repository.");
            coords[d] = BinaryPrimitives.ReadInt64BigEndian(key[((d * 9) + 1)..]);
        }
        return coords;
    }
}
