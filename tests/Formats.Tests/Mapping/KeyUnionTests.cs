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

    public void Dispose() => this.repo.Dispose();
}
