namespace Tessera.Formats.Mapping;

/// <summary>
/// Walks several columns' samples in key order at once, yielding each key of their union with the
/// sample every column holds under it (null where a column lacks the key). Manifests list keys in
/// <see cref="SampleKey"/> order, so this is a k-way merge in bounded memory.
/// </summary>
internal static class KeyUnion
{
    public static IEnumerable<(SampleKey Key, T?[] Items)> Merge<T>(IReadOnlyList<IEnumerable<(SampleKey Key, T Item)>> columns) where T : class
    {
        var cursors = columns.Select(c => c.GetEnumerator()).ToArray();
        try
        {
            var live = cursors.Select(c => c.MoveNext()).ToArray();
            while (true)
            {
                SampleKey? min = null;
                for (int c = 0; c < cursors.Length; c++)
                {
                    if (live[c] && (min is null || cursors[c].Current.Key < min.Value))
                        min = cursors[c].Current.Key;
                }
                if (min is not { } key)
                    yield break;
                var items = new T?[cursors.Length];
                for (int c = 0; c < cursors.Length; c++)
                {
                    if (live[c] && cursors[c].Current.Key == key)
                    {
                        items[c] = cursors[c].Current.Item;
                        live[c] = cursors[c].MoveNext();
                    }
                }
                yield return (key, items);
            }
        }
        finally
        {
            foreach (var cursor in cursors)
                cursor.Dispose();
        }
    }

    /// <summary>The samples of a flat column with their keys.</summary>
    public static IEnumerable<(SampleKey Key, Sample Item)> Samples(ColumnSnapshot column) =>
        column.ReadAll().Select(e => (e.Key, e.Sample));

    /// <summary>The keys of a flat column, reading no sample bytes (the item is unused).</summary>
    private static IEnumerable<(SampleKey Key, string Item)> Keys(ColumnSnapshot column) =>
        column.Entries().Select(e => (e.Key, column.Path));

    /// <summary>Whether keys are all integers, all strings or both, and how many rows the union has (reads no samples).</summary>
    public static (KeyEncoding Encoding, long Rows) Scan(IReadOnlyList<ColumnSnapshot> columns)
    {
        bool ints = false, strings = false;
        long rows = 0;
        foreach (var (key, _) in Merge([.. columns.Select(Keys)]))
        {
            ints |= key.IsInt;
            strings |= !key.IsInt;
            rows++;
        }
        return (ints && strings ? KeyEncoding.Mixed : strings ? KeyEncoding.Str : KeyEncoding.Int, rows);
    }

    /// <summary>A key as text in a string key column: the string itself, or for mixed keys the CLI's syntax (<c>7</c>, <c>"7"</c>, <c>cat</c>).</summary>
    public static string KeyText(SampleKey key, KeyEncoding encoding) => encoding == KeyEncoding.Str ? key.String : key.ToString();

    /// <summary>"key", or "_key", "__key", ... when a column already has the name.</summary>
    public static string KeyColumnName(IReadOnlyList<string> columns)
    {
        string name = "key";
        while (columns.Contains(name))
            name = "_" + name;
        return name;
    }
}
