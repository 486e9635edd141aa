using Tessera.Formats.Mapping;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// <see cref="KeyUnion"/> against the union worked out key by key: columns with different keys
/// (some only in one column, some string keys), over many stretches and manifest leaves.
/// </summary>
public sealed class KeyUnionTests : IDisposable
{
    private readonly MappingRepo repo = new();

    [Fact]
    public void The_union_of_columns_with_different_keys_holds_every_key_once_in_order_with_each_columns_id()
    {
        this.repo.Commit(w =>
        {
            var all = Enumerable.Range(0, 10_000).ToArray();
            w.CreateColumn("/g/a", ColumnSchema.NDArray(DType.Int64)).AddRange<long>([.. all.Select(i => SampleKey.Of(i))], all.Select(i => (long)i).ToArray());
            var even = Enumerable.Range(0, 10_000).Select(i => 2 * i).ToArray();
            w.CreateColumn("/g/b", ColumnSchema.NDArray(DType.Float32, 4)).AddRange<float>([.. even.Select(i => SampleKey.Of(i))], even.SelectMany(i => new[] { i, 1f, 2f, 3f }).ToArray());
            var text = w.CreateColumn("/g/c", ColumnSchema.Str());
            for (int i = 5_000; i < 6_000; i++)
                text.AddString(i, $"row {i}");
            text.AddString("k1", "one");
            text.AddString("k2", "two");
            return 0;
        });
        var head = this.repo.Head;
        var columns = new[] { "a", "b", "c" }.Select(n => (ColumnSnapshot)head.Column("/g/" + n)).ToList();
        var expected = columns.SelectMany(c => c.Entries().Select(e => e.Key)).Distinct().Order().ToList();
        Assert.Equal(15_002, expected.Count);

        var rows = KeyUnion.Merge(columns).Select(r => (r.Key, Ids: r.Ids.ToArray())).ToList();

        Assert.Equal(expected, rows.Select(r => r.Key));
        foreach (var (key, ids) in rows)
        {
            for (int c = 0; c < columns.Count; c++)
                Assert.Equal(columns[c].IdOf(key) ?? ObjectId.Zero, ids[c]);
        }
        using var union = new KeyUnion(columns);
        var stretches = new List<int>();
        for (int n; (n = union.Next()) > 0;)
            stretches.Add(n);
        Assert.Equal(15_002, stretches.Sum());
        Assert.All(stretches.SkipLast(1), n => Assert.Equal(KeyUnion.StretchRows, n));
    }

    /// <summary>
    /// Columns that hold the same keys over long stretches (copied whole, not merged key by key) and
    /// part ways at random points: inside a stretch, at the end of an entry batch, for one key or many.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_union_of_columns_that_mostly_share_their_keys_matches_the_key_by_key_union(int seed)
    {
        var random = new Random(seed);
        var keys = new List<int>[3];
        for (int c = 0; c < keys.Length; c++)
            keys[c] = [];
        for (int key = 0; key < 30_000; key++)
        {
            // Long shared stretches, with a column left out now and then for a key or a few hundred.
            for (int c = 0; c < keys.Length; c++)
            {
                bool gap = (key / 700 % 5 == c && key % 700 < (seed * 37 % 300)) || random.Next(2_000) == 0;
                if (!gap)
                    keys[c].Add(key);
            }
        }
        keys[2].Add(40_000);
        this.repo.Commit(w =>
        {
            w.CreateColumn("/g/a", ColumnSchema.NDArray(DType.Int64)).AddRange<long>([.. keys[0].Select(i => SampleKey.Of(i))], keys[0].Select(i => (long)i).ToArray());
            w.CreateColumn("/g/b", ColumnSchema.NDArray(DType.Float32, 2)).AddRange<float>([.. keys[1].Select(i => SampleKey.Of(i))], keys[1].SelectMany(i => new[] { i, 0.5f }).ToArray());
            w.CreateColumn("/g/c", ColumnSchema.NDArray(DType.Float64)).AddRange<double>([.. keys[2].Select(i => SampleKey.Of(i))], keys[2].Select(i => i * 0.25).ToArray());
            return 0;
        });
        var head = this.repo.Head;
        var columns = new[] { "a", "b", "c" }.Select(n => (ColumnSnapshot)head.Column("/g/" + n)).ToList();
        var ids = columns.Select(c => c.Entries().ToDictionary(e => e.Key, e => e.Id)).ToList();
        var expected = ids.SelectMany(d => d.Keys).Distinct().Order().ToList();

        var rows = KeyUnion.Merge(columns).Select(r => (r.Key, Ids: r.Ids.ToArray())).ToList();

        Assert.Equal(expected, rows.Select(r => r.Key));
        foreach (var (key, row) in rows)
        {
            for (int c = 0; c < columns.Count; c++)
                Assert.Equal(ids[c].GetValueOrDefault(key), row[c]);
        }
        var single = KeyUnion.Merge([columns[1]]).Select(r => (r.Key, Id: r.Ids[0])).ToList();
        Assert.Equal(columns[1].Entries().Select(e => (e.Key, e.Id)), single);
    }

    public void Dispose() => this.repo.Dispose();
}
