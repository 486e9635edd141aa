using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// Random edits over many commits (enough to grow delta chains and fold them into new bases)
/// checked against a plain dictionary: reads, counts, listings and diffs must all agree.
/// </summary>
public class ManifestModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Manifests_agree_with_a_dictionary_model(int seed)
    {
        using var t = new TempRepo();
        var rng = new Random(seed);
        var model = new Dictionary<SampleKey, int>();
        var history = new List<(Commit Commit, Dictionary<SampleKey, int> State)>();
        var committed = new Dictionary<SampleKey, int>();
        using var w = t.Repo.OpenWriter();
        var col = w.CreateColumn("/c", ColumnSchema.NDArray(DType.Int32));
        for (int round = 0; round < 40; round++)
        {
            int edits = rng.Next(1, round % 7 == 0 ? 3000 : 400);
            for (int e = 0; e < edits; e++)
            {
                SampleKey key = rng.Next(4) == 0 ? SampleKey.Of("k" + rng.Next(2000)) : SampleKey.Of(rng.Next(6000));
                if (model.ContainsKey(key) && rng.Next(4) == 0)
                {
                    col.Remove(key);
                    model.Remove(key);
                }
                else
                {
                    int value = rng.Next(50);
                    col.Add<int>(key, [value]);
                    model[key] = value;
                }
            }
            var (stagedAdded, stagedRemoved, stagedMutated) = Counts(committed, model);
            var staged = w.Status().Staged;
            Assert.Equal((stagedAdded, stagedRemoved, stagedMutated), (staged.Added, staged.Removed, staged.Mutated));
            Commit commit;
            try
            {
                commit = w.Commit($"round {round}");
            }
            catch (StateException ex) when (ex.Code == ErrorCode.EmptyCommit)
            {
                continue;
            }
            committed = new Dictionary<SampleKey, int>(model);
            history.Add((commit, committed));
        }

        foreach (var (commit, state) in history)
        {
            var read = t.Repo.Checkout(commit.Id.ToString()).Column("/c");
            Assert.Equal(state.Count, read.Count);
            var entries = read.Entries().ToList();
            Assert.Equal(state.Keys.Order().ToList(), entries.Select(e => e.Key).ToList());
            Assert.Equal(state.Count == 0 ? null : (state.Keys.Min(), state.Keys.Max()), read.KeyRange());
            foreach (var (key, value) in state.Take(200))
                Assert.Equal(value, read.Get(key).AsSpan<int>()[0]);
        }
        for (int i = 1; i < history.Count; i++)
        {
            var (before, after) = (history[i - 1].State, history[i].State);
            var diff = t.Repo.Diff(history[i - 1].Commit.Id.ToString(), history[i].Commit.Id.ToString());
            Assert.Equal(Counts(before, after), (diff.Added, diff.Removed, diff.Mutated));
        }
        var whole = t.Repo.Diff(history[0].Commit.Id.ToString(), history[^1].Commit.Id.ToString());
        Assert.Equal(history[^1].State.Keys.Count(k => !history[0].State.ContainsKey(k)), whole.Added);
        Assert.True(t.Repo.Verify().IsOk);
    }

    private static (long Added, long Removed, long Mutated) Counts(Dictionary<SampleKey, int> before, Dictionary<SampleKey, int> after) =>
        (after.Keys.Count(k => !before.ContainsKey(k)),
         before.Keys.Count(k => !after.ContainsKey(k)),
         after.Count(p => before.TryGetValue(p.Key, out var v) && v != p.Value));
}
