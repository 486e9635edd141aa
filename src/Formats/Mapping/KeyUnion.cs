namespace Tessera.Formats.Mapping;

/// <summary>
/// Walks several columns' entries in key order at once, a stretch of rows at a time: each key of
/// their union with the content id every column holds under it (zero where a column lacks the key).
/// Manifests list keys in <see cref="SampleKey"/> order, so this is a k-way merge of the columns'
/// entry batches (<see cref="ColumnSnapshot.EntryBatches"/>) in bounded memory that reads no sample bytes.
/// </summary>
internal sealed class KeyUnion : IDisposable
{
    /// <summary>Rows a stretch holds at most.</summary>
    public const int StretchRows = 4096;

    private readonly IEnumerator<EntryBatch>[] sources;
    private readonly int[] positions;
    private readonly bool[] live;
    private readonly SampleKey[] keys = new SampleKey[StretchRows];
    private readonly ObjectId[][] ids;
    private int count;

    public KeyUnion(IReadOnlyList<ColumnSnapshot> columns)
    {
        this.sources = [.. columns.Select(c => c.EntryBatches().GetEnumerator())];
        this.positions = new int[columns.Count];
        this.live = new bool[columns.Count];
        this.ids = [.. columns.Select(_ => new ObjectId[StretchRows])];
        for (int c = 0; c < columns.Count; c++)
            this.live[c] = this.sources[c].MoveNext();
    }

    /// <summary>The keys of the current stretch.</summary>
    public ReadOnlySpan<SampleKey> Keys => this.keys.AsSpan(0, this.count);

    /// <summary>Column <paramref name="column"/>'s ids for the keys of the current stretch (zero where it lacks the key).</summary>
    public ReadOnlySpan<ObjectId> Ids(int column) => this.ids[column].AsSpan(0, this.count);

    /// <summary>Moves to the next stretch of rows; returns how many it holds, 0 after the last.</summary>
    public int Next()
    {
        int n = 0;
        while (n < StretchRows && this.Smallest() is { } key)
        {
            int together = this.Together(key, StretchRows - n);
            if (together > 0)
            {
                this.Take(n, together);
                n += together;
                continue;
            }
            this.keys[n] = key;
            for (int c = 0; c < this.sources.Length; c++)
            {
                var batch = this.sources[c].Current;
                if (this.live[c] && batch.Keys[this.positions[c]] == key)
                    this.ids[c][n] = batch.Ids[this.positions[c]++];
                else
                    this.ids[c][n] = default;
            }
            n++;
        }
        this.count = n;
        return n;
    }

    /// <summary>
    /// How many rows from here on (at most <paramref name="most"/>, within every column's current
    /// batch) every column holds, under the same keys starting at <paramref name="key"/>: the
    /// columns of a table mostly have the same keys, and such rows need no merge, only copies.
    /// </summary>
    private int Together(SampleKey key, int most)
    {
        for (int c = 0; c < this.sources.Length; c++)
        {
            if (!this.live[c] || this.sources[c].Current.Keys[this.positions[c]] != key)
                return 0;
            most = Math.Min(most, this.sources[c].Current.Count - this.positions[c]);
        }
        var first = this.sources[0].Current.Keys.Slice(this.positions[0], most);
        int same = most;
        for (int c = 1; c < this.sources.Length; c++)
        {
            var keys = this.sources[c].Current.Keys.Slice(this.positions[c], same);
            int k = 1;
            while (k < same && keys[k] == first[k])
                k++;
            same = k;
        }
        return same;
    }

    /// <summary>Copies <paramref name="rows"/> rows that every column holds into the stretch at <paramref name="at"/>.</summary>
    private void Take(int at, int rows)
    {
        this.sources[0].Current.Keys.Slice(this.positions[0], rows).CopyTo(this.keys.AsSpan(at));
        for (int c = 0; c < this.sources.Length; c++)
        {
            this.sources[c].Current.Ids.Slice(this.positions[c], rows).CopyTo(this.ids[c].AsSpan(at));
            this.positions[c] += rows;
        }
    }

    /// <summary>The smallest key any column has next, or null when every column is done.</summary>
    private SampleKey? Smallest()
    {
        SampleKey? min = null;
        for (int c = 0; c < this.sources.Length; c++)
        {
            while (this.live[c] && this.positions[c] == this.sources[c].Current.Count)
            {
                this.live[c] = this.sources[c].MoveNext();
                this.positions[c] = 0;
            }
            if (this.live[c] && this.sources[c].Current.Keys[this.positions[c]] is var key && (min is null || key < min.Value))
                min = key;
        }
        return min;
    }

    public void Dispose()
    {
        foreach (var source in this.sources)
            source.Dispose();
    }

    /// <summary>The rows of the union one by one; the ids array is reused, valid until the next row is asked for.</summary>
    public static IEnumerable<(SampleKey Key, ObjectId[] Ids)> Merge(IReadOnlyList<ColumnSnapshot> columns)
    {
        using var union = new KeyUnion(columns);
        var row = new ObjectId[columns.Count];
        while (union.Next() > 0)
        {
            for (int i = 0; i < union.count; i++)
            {
                for (int c = 0; c < row.Length; c++)
                    row[c] = union.ids[c][i];
                yield return (union.keys[i], row);
            }
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
