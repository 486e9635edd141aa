using Tessera.Manifests;
using Tessera.Staging;

namespace Tessera.Tests;

/// <summary>The staged changes of a node against a dictionary model, in key order and in any order.</summary>
public class NodeChangesTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    [InlineData(false, 3)]
    public void Lookups_counts_and_key_order_match_a_dictionary(bool increasing, int seed)
    {
        var rng = new Random(seed);
        var changes = new NodeChanges();
        var model = new Dictionary<byte[], ObjectId>(KeyComparer.Instance);
        for (int i = 0; i < 5_000; i++)
        {
            var key = Keys.Encode(SampleKey.Of(increasing ? i * 3 : rng.Next(2_000)));
            var value = Id(rng.Next());
            changes.Set(key, value);
            model[key] = value;
            if (i % 997 == 0)
            {
                // Lookups in the middle of staging (a write checkout reading what it staged).
                var probe = Keys.Encode(SampleKey.Of(rng.Next(6_000)));
                Assert.Equal(model.TryGetValue(probe, out var expected), changes.TryGetValue(probe, out var actual));
                Assert.Equal(expected, actual);
            }
        }
        Assert.Equal(model.Count, changes.Count);
        AssertMatches(model, changes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Batches_staged_in_order_then_over_earlier_keys_match_a_dictionary(int seed)
    {
        // Imports stage whole batches (kept packed while keys increase); a later batch or a
        // single put over earlier keys turns the changes into a keyed index.
        var rng = new Random(seed);
        var changes = new NodeChanges();
        var model = new Dictionary<byte[], ObjectId>(KeyComparer.Instance);
        int next = 0;
        for (int round = 0; round < 12; round++)
        {
            var batch = new EntryList();
            bool backwards = round >= 6 && rng.Next(2) == 0;
            int start = backwards ? rng.Next(next) : next;
            int skip = round % 3; // a batch's entries before `from` were staged by an earlier call
            for (int i = 0; i < 400; i++)
            {
                var key = Keys.Encode(SampleKey.Of(start + (i * 2)));
                var value = rng.Next(10) == 0 ? ObjectId.Zero : Id(rng.Next());
                batch.Add(key, value);
                if (i >= skip)
                    model[key] = value;
            }
            next = Math.Max(next, start + 800);
            changes.SetRange(batch, from: skip);
            if (round == 9)
            {
                var key = Keys.Encode(SampleKey.Of(rng.Next(next)));
                changes.Set(key, Id(-1));
                model[key] = Id(-1);
            }
        }
        AssertMatches(model, changes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Key_batches_staged_in_one_copy_or_key_by_key_match_a_dictionary(int seed)
    {
        // A batch whose keys all follow the staged ones is appended in one copy; one that does not
        // (earlier keys, a key twice in the batch, keys out of order) is staged key by key.
        var rng = new Random(seed);
        var changes = new NodeChanges();
        var model = new Dictionary<byte[], ObjectId>(KeyComparer.Instance);
        int next = 0;
        for (int round = 0; round < 16; round++)
        {
            int kind = round < 4 ? 0 : rng.Next(4);
            int start = kind == 1 ? rng.Next(next + 1) : next;
            var keys = Enumerable.Range(0, 300).Select(i => SampleKey.Of(start + (i * 2))).ToList();
            if (kind == 2)
                keys[150] = keys[149];
            if (kind == 3)
                (keys[10], keys[20]) = (keys[20], keys[10]);
            var batch = KeyBatch.Encode(keys);
            var ids = keys.Select(_ => rng.Next(10) == 0 ? ObjectId.Zero : Id(rng.Next())).ToArray();
            Assert.Equal(keys.Zip(keys.Skip(1)).All(p => p.First < p.Second), batch.Increasing([]));
            for (int i = 0; i < keys.Count; i++)
            {
                Assert.Equal(Keys.Encode(keys[i]), batch[i].ToArray());
                model[Keys.Encode(keys[i])] = ids[i];
            }
            next = Math.Max(next, start + 600);
            changes.SetRange(batch, ids);
        }
        AssertMatches(model, changes);
    }

    [Fact]
    public void A_key_batch_selects_keys_and_knows_whether_they_follow_a_key()
    {
        byte[][] keys = [Keys.Encode(SampleKey.Of(1)), Keys.Encode(SampleKey.Of("cat")), Keys.Encode(SampleKey.Of("dog"))];
        var batch = KeyBatch.Of(keys);
        Assert.Equal(3, batch.Count);
        Assert.Equal(keys.SelectMany(k => k).ToArray(), batch.Bytes.ToArray());
        Assert.True(batch.Increasing([]));
        Assert.True(batch.Increasing(Keys.Encode(SampleKey.Of(0))));
        Assert.False(batch.Increasing(Keys.Encode(SampleKey.Of(1))));
        Assert.Same(batch, batch.Select([0, 1, 2]));
        var some = batch.Select([0, 2]);
        Assert.Equal([keys[0], keys[2]], Enumerable.Range(0, some.Count).Select(some.KeyArray));
        Assert.False(KeyBatch.Of([keys[1], keys[0]]).Increasing([]));
        Assert.False(KeyBatch.Of([keys[1], keys[1]]).Increasing([]));
        Assert.Equal(0, KeyBatch.Of([]).Count);
    }

    private static void AssertMatches(Dictionary<byte[], ObjectId> model, NodeChanges changes)
    {
        Assert.Equal(model.Count, changes.Count);
        var ordered = changes.InKeyOrder().Entries().ToList();
        Assert.Equal(model.Keys.Order(KeyComparer.Instance).Select(Convert.ToHexString), ordered.Select(e => Convert.ToHexString(e.Key)));
        Assert.All(ordered, e => Assert.Equal(model[e.Key], e.Value));
        Assert.All(model, e => Assert.Equal(e.Value, changes[e.Key]));
        Assert.Equal(model.Count, changes.Count());
    }

    private static ObjectId Id(int n)
    {
        var bytes = new byte[ObjectId.Size];
        BitConverter.TryWriteBytes(bytes, n);
        return ObjectId.Read(bytes);
    }
}
