using System.Security.Cryptography;

namespace Tessera;

/// <summary>SHA-256 over a sample's header and element bytes, without joining them for large samples.</summary>
internal static class SampleHasher
{
    private const int JoinLimit = 16 * 1024;

    public static ObjectId Hash(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[ObjectId.Size];
        if (header.Length + data.Length <= JoinLimit)
        {
            Span<byte> joined = stackalloc byte[header.Length + data.Length];
            header.CopyTo(joined);
            data.CopyTo(joined[header.Length..]);
            SHA256.HashData(joined, digest);
        }
        else
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(header);
            sha.AppendData(data);
            sha.GetHashAndReset(digest);
        }
        return ObjectId.Read(digest);
    }
}
