namespace Tessera.Formats.Mapping;

/// <summary>
/// Walks several columns' entries in key order at once, yielding each key of their union with the
/// content id every column holds under it (zero where a column lacks the key). Manifests list keys in
/// <see cref="SampleKey"/> order, so this is a k-way merge in bounded memory that reads no sample bytes.
/// </summary>
internal static class KeyUnion
{
    /// <summary>The rows of the union; the ids array is reused, valid until the next row is asked for.</summary>
    public static IEnumerable<(SampleKey Key, ObjectId[] Ids)> Merge(IReadOnlyList<ColumnSnapshot> columns)
    {
        var cursors = columns.Select(c => c.Entries().GetEnumerator()).ToArray();
        try
        {
            var live = cursors.Select(c => c.MoveNext()).ToArray();
            var ids = new ObjectId[cursors.Length];
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
                for (int c = 0; c < cursors.Length; c++)
                {
                    ids[c] = default;
                    if (live[c] && cursors[c].Current.Key == key)
                    {
                        ids[c] = cursors[c].Current.Id;
                        live[c] = cursors[c].MoveNext();
                    }
                }
                yield return (key, ids);
            }
        }
        finally
        {
            foreach (var cursor in cursors)
                cursor.Dispose();
        }
    }

    /// <summary>
    /// Whether the keys of the columns' union are all integers, all strings or both. Integers sort
    /// before strings, so each column's first and last keys tell (a committed column reads a few pages).
    /// </summary>
    public static KeyEncoding EncodingOf(IReadOnlyList<ColumnSnapshot> columns)
    {
        bool ints = false, strings = false;
        foreach (var column in columns)
        {
            if (column.KeyRange() is var (first, last))
            {
                ints |= first.IsInt;
                strings |= !last.IsInt;
            }
        }
        return ints && strings ? KeyEncoding.Mixed : strings ? KeyEncoding.Str : KeyEncoding.Int;
    }

    /// <summary>The share of the rows written so far, for progress: the union has at least as many rows as its largest column.</summary>
    public static double Progress(long rows, IReadOnlyList<ColumnSnapshot> columns) =>
        Math.Min(1, (double)rows / Math.Max(1, columns.Max(c => c.Count)));

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
