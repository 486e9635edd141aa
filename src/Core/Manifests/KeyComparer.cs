namespace Tessera.Manifests;

/// <summary>Orders and hashes encoded keys (byte strings compared bytewise).</summary>
internal sealed class KeyComparer : IComparer<byte[]>, IEqualityComparer<byte[]>
{
    public static readonly KeyComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj)
    {
        var h = new HashCode();
        h.AddBytes(obj);
        return h.ToHashCode();
    }
}
