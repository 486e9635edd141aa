using System.Buffers.Binary;
using Tessera.Formats.NumPy;

namespace Tessera.Formats.Tests.NumPy;

public static class NpzFixtures
{
    public static byte[] Write(NpzCompression compression, params (string Name, NpyArray Array)[] arrays)
    {
        using var stream = new MemoryStream();
        using (var writer = new NpzWriter(stream, compression, leaveOpen: true))
        {
            foreach (var (name, array) in arrays)
                writer.Write(name, array);
        }
        return stream.ToArray();
    }

    /// <summary>Where the first member's (compressed) data starts: after its 30-byte local header, name and extra field.</summary>
    public static int LocalDataOffset(byte[] zip) =>
        30 + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(28));
}
