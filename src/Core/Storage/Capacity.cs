namespace Tessera.Storage;

/// <summary>
/// Room made ahead in hash tables that grow batch by batch. Their <c>EnsureCapacity</c> grows to
/// exactly what is asked, not by doubling as adding one by one does: asked for each batch's room,
/// a table of 262,144 blobs written 8,192 at a time was rebuilt 32 times (each a fresh array for
/// the collector) where doubling rebuilds it a handful of times.
/// </summary>
internal static class Capacity
{
    public static void Grow<TKey, TValue>(Dictionary<TKey, TValue> table, int more)
        where TKey : notnull
    {
        int needed = table.Count + more;
        if (needed > table.EnsureCapacity(0))
            table.EnsureCapacity(Math.Max(needed, 2 * table.Count));
    }

    public static void Grow<T>(HashSet<T> table, int more)
    {
        int needed = table.Count + more;
        if (needed > table.EnsureCapacity(0))
            table.EnsureCapacity(Math.Max(needed, 2 * table.Count));
    }
}
