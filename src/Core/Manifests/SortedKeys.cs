namespace Tessera.Manifests;

internal static class SortedKeys
{
    /// <summary>Binary search over keys in increasing order: the entry's index, or the bitwise complement of where it would go.</summary>
    public static int Find<T>(this T entries, ReadOnlySpan<byte> key)
        where T : IKeyedEntries
    {
        int lo = 0, hi = entries.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = entries.Key(mid).SequenceCompareTo(key);
            if (c == 0)
                return mid;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return ~lo;
    }
}
