using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary><see cref="ColumnSnapshot.EntryBatches"/>: the entries of <see cref="ColumnSnapshot.Entries"/>, a batch at a time, for every kind of snapshot.</summary>
public class EntryBatchTests
{
    private static List<(SampleKey Key, ObjectId Id)> Flattened(ColumnSnapshot column)
    {
        var entries = new List<(SampleKey, ObjectId)>();
        foreach (var batch in column.EntryBatches())
        {
            Assert.InRange(batch.Count, 1, int.MaxValue);
            for (int i = 0; i < batch.Count; i++)
                entries.Add((batch.Keys[i], batch.Ids[i]));
        }
        return entries;
    }

    private static List<(SampleKey Key, ObjectId Id)> OneByOne(ColumnSnapshot column) => [.. column.Entries().Select(e => (e.Key, e.Id))];

    [Fact]
    public void A_committed_column_of_many_leaves_comes_in_several_batches_with_every_entry_in_key_order()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var x = w.CreateColumn("/x", ColumnSchema.NDArray(DType.Int64));
            x.AddRange<long>([.. Enumerable.Range(0, 20_000).Select(i => SampleKey.Of(i))], Enumerable.Range(0, 20_000).Select(i => (long)i * 3).ToArray());
            foreach (var name in new[] { "a", "b", "zz" })
                x.Add<long>(name, [name.Length]);
            w.Commit("many leaves");
        }
        var column = t.Reopen().Checkout("HEAD").Column("/x");
        // A lookup keeps its leaf in the page cache: the scan takes that leaf decoded, the others from their bytes.
        Assert.Equal(5_000L * 3, column.Get(5_000).ToArray<long>()[0]);
        Assert.Empty(column.Node.Manifest.Deltas);
        var batches = column.EntryBatches().Select(b => b.Count).ToList();
        Assert.True(batches.Count > 1, $"{batches.Count} batch(es)");
        var entries = Flattened(column);
        Assert.Equal(OneByOne(column), entries);
        Assert.Equal(20_003, entries.Count);
        Assert.Equal(SampleKey.Of("zz"), entries[^1].Key);
        Assert.Equal(19_999L * 3, t.Repo.Checkout("HEAD").Column("/x").Get(19_999).ToArray<long>()[0]);
    }

    [Fact]
    public void A_manifest_with_deltas_and_a_staging_area_with_changes_give_the_same_entries_as_one_by_one()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var x = w.CreateColumn("/x", ColumnSchema.NDArray(DType.Int64));
            x.AddRange<long>([.. Enumerable.Range(0, 10_000).Select(i => SampleKey.Of(i))], Enumerable.Range(0, 10_000).Select(i => (long)i).ToArray());
            w.Commit("base");
        }
        using (var w = t.Repo.OpenWriter())
        {
            w.Column("/x").Remove(17);
            w.Column("/x").Add<long>(5_000, [-1L]);
            w.Column("/x").Add<long>(10_500, [7L]);
            w.Commit("a few changes");
        }
        var committed = t.Repo.Checkout("HEAD").Column("/x");
        Assert.NotEmpty(committed.Node.Manifest.Deltas);
        var entries = Flattened(committed);
        Assert.Equal(OneByOne(committed), entries);
        Assert.Equal(10_000, entries.Count);
        Assert.DoesNotContain(entries, e => e.Key == SampleKey.Of(17));

        using (var w = t.Repo.OpenWriter())
        {
            w.Column("/x").Remove(0);
            w.Column("/x").Add<long>(20_000, [8L]);
        }
        var staged = IReadView.Open(t.Repo, null).Column("/x");
        var stagedEntries = Flattened(staged);
        Assert.Equal(OneByOne(staged), stagedEntries);
        Assert.Equal(SampleKey.Of(1), stagedEntries[0].Key);
        Assert.Equal(SampleKey.Of(20_000), stagedEntries[^1].Key);
    }

    [Fact]
    public void A_nested_column_is_refused_with_a_pointer_to_its_entries()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            var nested = w.CreateColumn("/frames", ColumnSchema.NDArray(DType.UInt8, 2) with { Layout = ColumnLayout.Nested });
            nested.Nested(1).Add<byte>(0, [1, 2]);
            w.Commit("nested");
        }
        var e = Assert.Throws<InvalidInputException>(() => t.Repo.Checkout("HEAD").Column("/frames").EntryBatches());
        Assert.Contains("Entries()", e.Message);
    }
}
