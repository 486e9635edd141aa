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
        if (Needed(table.Count, more, table.EnsureCapacity(0)) is > 0 and int capacity)
            table.EnsureCapacity(capacity);
    }

    public static void Grow<T>(HashSet<T> table, int more)
    {
        if (Needed(table.Count, more, table.EnsureCapacity(0)) is > 0 and int capacity)
            table.EnsureCapacity(capacity);
    }

    /// <summary>The capacity to grow to for <paramref name="more"/> entries, at least double; 0 when there is room.</summary>
    private static int Needed(int count, int more, int capacity) =>
        count + more <= capacity ? 0 : Math.Max(count + more, 2 * count);
}
