using System.Runtime.CompilerServices;

namespace Tessera.Manifests;

/// <summary>
/// Content-defined page boundaries: an entry ends a page when a hash of its key hits a pattern.
/// Boundaries depend on keys alone, so equal key ranges give equal pages whatever the history.
/// Leaves average 256 entries: larger ones compress better and are fewer rows to store, smaller
/// ones cost less for each changed key a commit reads (design note 019 measured 64 to 512).
/// </summary>
internal static class Boundary
{
    public const int MaxLeafEntries = 2048;
    public const int MaxChildren = 512;
    private const ulong LeafMask = 255;
    private const ulong InnerMask = 31;

    public static bool EndsLeaf(ReadOnlySpan<byte> key) => (Hash(key, 0) & LeafMask) == LeafMask;

    public static bool EndsInner(ReadOnlySpan<byte> key, int level) => (Hash(key, (ulong)level) & InnerMask) == InnerMask;

    // Optimized from its first call: an import calls it for every key from its first row group,
    // while the runtime's tiering keeps it unoptimized for most of a process's first import ("A
    // process's first import" in docs/performance.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Hash(ReadOnlySpan<byte> key, ulong seed)
    {
        ulong h = 14695981039346656037UL ^ (seed * 0x9E3779B97F4A7C15UL);
        foreach (byte b in key)
            h = (h ^ b) * 1099511628211UL;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        return h ^ (h >> 33);
    }
}
