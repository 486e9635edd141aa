namespace Tessera;

/// <summary>SHA-256 over a sample's header and element bytes, without joining them.</summary>
internal static class SampleHasher
{
    public static ObjectId Hash(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[ObjectId.Size];
        Sha256.Hash(header, data, digest);
        return ObjectId.Read(digest);
    }
}
