using Tessera.Manifests;
using Tessera.Storage;

namespace Tessera.Tests;

/// <summary>
/// A manifest tree built from batches of keys (<see cref="TreeBuilder.AddRange(KeyBatch, ReadOnlySpan{ObjectId})"/>,
/// as an import builds its columns' trees, a batch at once or in slices) is the tree the same
/// entries make added one by one, whatever the batches.
/// </summary>
public class TreeBuilderTests
{
    public static TheoryData<string> Cases => ["consecutive integers", "keys that never end a leaf", "sparse integers and strings"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Batches_of_any_size_build_the_tree_that_keys_one_by_one_build(string keys)
    {
        var rng = new Random(keys.Length);
        var entries = Entries(keys, rng);
        var (oneByOne, onePages) = Build(entries, one: true, rng);
        for (int round = 0; round < 5; round++)
        {
            var (batched, pages) = Build(entries, one: false, rng);
            Assert.Equal(oneByOne, batched);
            Assert.Equal(onePages, pages);
        }
    }

    [Fact]
    public void A_batch_that_does_not_follow_the_last_key_or_does_not_increase_is_refused()
    {
        var builder = new TreeBuilder(new PageBatch());
        builder.AddRange(KeyBatch.Encode([SampleKey.Of(5), SampleKey.Of(9)]), [Id(1), Id(2)]);
        Assert.Throws<InvalidOperationException>(() => builder.AddRange(KeyBatch.Encode([SampleKey.Of(9), SampleKey.Of(10)]), [Id(3), Id(4)]));
        Assert.Throws<InvalidOperationException>(() => builder.AddRange(KeyBatch.Encode([SampleKey.Of(12), SampleKey.Of(11)]), [Id(3), Id(4)]));
        Assert.Equal(2, builder.Count);
    }

    private static List<(SampleKey Key, ObjectId Id)> Entries(string keys, Random rng)
    {
        var result = new List<(SampleKey, ObjectId)>();
        switch (keys)
        {
            case "consecutive integers":
                // Run items in order, as an import stages them: leaves whose keys and ids step.
                for (int i = 0; i < 40_000; i++)
                    result.Add((SampleKey.Of(i), SampleRun.ItemId(Run, i)));
                break;
            case "keys that never end a leaf":
                // Every leaf is cut at its largest size, wherever the batches end.
                for (long i = 0; result.Count < 7_000; i++)
                {
                    var key = SampleKey.Of(i);
                    if (!Boundary.EndsLeaf(KeyBatch.Encode([key])[0]))
                        result.Add((key, Id(i)));
                }
                break;
            default:
                long next = 0;
                for (int i = 0; i < 20_000; i++)
                    result.Add((SampleKey.Of(next += rng.Next(1, 1000)), Id(i)));
                foreach (var name in Enumerable.Range(0, 5_000).Select(i => $"name-{i:D6}").Order(StringComparer.Ordinal))
                    result.Add((SampleKey.Of(name), Id(name.GetHashCode())));
                break;
        }
        return result;
    }

    /// <summary>The root and every page id of the tree of <paramref name="entries"/>, added one by one or in batches of random sizes, some of them in slices.</summary>
    private static (ObjectId? Root, ObjectId[] Pages) Build(List<(SampleKey Key, ObjectId Id)> entries, bool one, Random rng)
    {
        var pages = new PageBatch();
        var builder = new TreeBuilder(pages);
        for (int start = 0; start < entries.Count;)
        {
            int size = one ? 1 : rng.Next(4) switch { 0 => 1, 1 => rng.Next(2, 300), 2 => rng.Next(300, 3000), _ => rng.Next(3000, 9000) };
            var batch = entries.Skip(start).Take(size).ToList();
            var keys = KeyBatch.Encode([.. batch.Select(e => e.Key)]);
            ObjectId[] ids = [.. batch.Select(e => e.Id)];
            if (one)
            {
                builder.Add(keys[0], batch[0].Id);
            }
            else if (rng.Next(2) == 0)
            {
                builder.AddRange(keys, ids);
            }
            else
            {
                // In slices of random sizes, as an import hands on a long batch's pages while it builds.
                for (int from = 0; from < ids.Length;)
                {
                    int to = Math.Min(ids.Length, from + rng.Next(1, 700));
                    builder.AddRange(keys, ids, from, to);
                    from = to;
                }
            }
            start += batch.Count;
        }
        Assert.Equal(entries.Count, builder.Count);
        return (builder.Finish(), [.. pages.Pages.Keys.Order()]);
    }

    private static readonly ObjectId Run = SampleRun.RunIdOf(ObjectId.Hash([7]));

    /// <summary>A sample id: an inline number, or for every third a sample hashed on its own.</summary>
    private static ObjectId Id(long i) => i % 3 == 0
        ? SampleHasher.Hash(BlobFormat.Header(ColumnKind.NDArray, DType.Float64, [8]), new byte[64].Select((_, b) => (byte)(b + i)).ToArray())
        : SampleHasher.Hash(BlobFormat.Header(ColumnKind.NDArray, DType.Float64, []), BitConverter.GetBytes((double)i));
}
