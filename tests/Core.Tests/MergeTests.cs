using System.Text.Json.Nodes;
using Tessera.Tests.Support;

namespace Tessera.Tests;

public class MergeTests
{
    /// <summary>main and dev both start from a 10-sample seed; each side applies its edits.</summary>
    private static TempRepo Diverge(Action<WriteCheckout> ours, Action<WriteCheckout> theirs)
    {
        var t = new TempRepo();
        t.Seed(10);
        t.Repo.Branches.Create("dev");
        using var w = t.Repo.OpenWriter();
        w.SwitchBranch("dev");
        theirs(w);
        w.Commit("theirs");
        w.SwitchBranch("main");
        ours(w);
        w.Commit("ours");
        return t;
    }

    [Fact]
    public void Fast_forward_and_up_to_date()
    {
        using var t = new TempRepo();
        t.Seed(5);
        t.Repo.Branches.Create("dev");
        using var w = t.Repo.OpenWriter();
        w.SwitchBranch("dev");
        w.Column("/labels").Add<long>(0, [7]);
        var tip = w.Commit("dev");
        w.SwitchBranch("main");
        var ff = w.Merge("dev");
        Assert.Equal(MergeStatus.FastForward, ff.Status);
        Assert.Equal(tip.Id, t.Repo.Head!.Id);
        Assert.Equal(MergeStatus.UpToDate, w.Merge("dev").Status);
    }

    [Fact]
    public void Each_conflict_kind_is_detected()
    {
        using var t = Diverge(
            ours: w =>
            {
                var c = w.Column("/images");
                c.Add<byte>(100, TempRepo.Image(100, 1)); // added both, different
                c.Remove(1);                              // removed here, mutated there
                c.Add<byte>(2, TempRepo.Image(2, 1));     // mutated here, removed there
                c.Add<byte>(3, TempRepo.Image(3, 1));     // mutated both, different
                c.Add<byte>(4, TempRepo.Image(4, 5));     // mutated both, same: no conflict
                c.Add<byte>(5, TempRepo.Image(5, 1));     // only ours
                w.SetAttribute("/images", "unit", JsonValue.Create("px"));
            },
            theirs: w =>
            {
                var c = w.Column("/images");
                c.Add<byte>(100, TempRepo.Image(100, 2));
                c.Add<byte>(1, TempRepo.Image(1, 2));
                c.Remove(2);
                c.Add<byte>(3, TempRepo.Image(3, 2));
                c.Add<byte>(4, TempRepo.Image(4, 5));
                c.Add<byte>(6, TempRepo.Image(6, 2));     // only theirs
                w.SetAttribute("/images", "unit", JsonValue.Create("mm"));
            });
        using var w = t.Repo.OpenWriter();
        var result = w.Merge("dev");
        Assert.Equal(MergeStatus.Conflicts, result.Status);
        var kinds = result.Conflicts.ToDictionary(c => c.Key!, c => c.Kind);
        Assert.Equal(ConflictKind.AddedBoth, kinds["100"]);
        Assert.Equal(ConflictKind.RemovedMutated, kinds["1"]);
        Assert.Equal(ConflictKind.MutatedRemoved, kinds["2"]);
        Assert.Equal(ConflictKind.MutatedBoth, kinds["3"]);
        Assert.Equal(ConflictKind.Attribute, kinds["unit"]);
        Assert.Equal(5, result.Conflicts.Count);
        Assert.Equal(TempRepo.Image(6, 2), w.Column("/images").Get(6).ToArray<byte>());
        Assert.Equal(ErrorCode.UnresolvedConflicts, Assert.Throws<StateException>(() => w.Commit("too early")).Code);

        Assert.Equal(1, w.Resolve("/images", "3", MergeSide.Theirs));
        Assert.Equal(1, w.Resolve("/images", "1", MergeSide.Theirs));
        Assert.Equal(1, w.Resolve("/images", "2", MergeSide.Theirs));
        Assert.Equal(1, w.Resolve("/images", "unit", MergeSide.Ours));
        w.Column("/images").Add<byte>(100, TempRepo.Image(100, 9)); // a new value resolves too
        Assert.Empty(w.Conflicts);
        var merge = w.Commit("merged");
        Assert.Equal(2, merge.Parents.Count);

        var c = t.Repo.Checkout("HEAD").Column("/images");
        Assert.Equal(TempRepo.Image(3, 2), c.Get(3).ToArray<byte>());
        Assert.Equal(TempRepo.Image(1, 2), c.Get(1).ToArray<byte>());
        Assert.False(c.Contains(2));
        Assert.Equal(TempRepo.Image(100, 9), c.Get(100).ToArray<byte>());
        Assert.Equal(TempRepo.Image(5, 1), c.Get(5).ToArray<byte>());
        Assert.Equal("px", t.Repo.Checkout("HEAD").Attributes("/images")["unit"]!.GetValue<string>());
    }

    [Fact]
    public void Strategies_resolve_wholesale_and_globs_select_nodes()
    {
        Action<WriteCheckout> ours = w => { w.Column("/images").Add<byte>(0, TempRepo.Image(0, 1)); w.Column("/labels").Add<long>(0, [100]); };
        Action<WriteCheckout> theirs = w => { w.Column("/images").Add<byte>(0, TempRepo.Image(0, 2)); w.Column("/labels").Add<long>(0, [200]); };
        using (var t = Diverge(ours, theirs))
        {
            using var w = t.Repo.OpenWriter();
            Assert.Equal(MergeStatus.Merged, w.Merge("dev", new MergeOptions { Strategy = MergeStrategy.Theirs }).Status);
            Assert.Equal(200, t.Repo.Checkout("HEAD").Column("/labels").Get(0).AsSpan<long>()[0]);
        }
        using (var t = Diverge(ours, theirs))
        {
            using var w = t.Repo.OpenWriter();
            Assert.Equal(MergeStatus.Merged, w.Merge("dev", new MergeOptions { Strategy = MergeStrategy.Ours }).Status);
            Assert.Equal(100, t.Repo.Checkout("HEAD").Column("/labels").Get(0).AsSpan<long>()[0]);
        }
        using (var t = Diverge(ours, theirs))
        {
            using var w = t.Repo.OpenWriter();
            Assert.Equal(2, w.Merge("dev").Conflicts.Count);
            Assert.Equal(1, w.Resolve("/lab*", null, MergeSide.Theirs));
            Assert.Equal(1, w.Resolve("**", null, MergeSide.Ours));
            w.Commit("by glob");
            var c = t.Repo.Checkout("HEAD");
            Assert.Equal(200, c.Column("/labels").Get(0).AsSpan<long>()[0]);
            Assert.Equal(TempRepo.Image(0, 1), c.Column("/images").Get(0).ToArray<byte>());
        }
    }

    [Fact]
    public void Abort_restores_the_branch_and_a_conflict_survives_reopening()
    {
        using var t = Diverge(
            w => w.Column("/labels").Add<long>(0, [1]),
            w => w.Column("/labels").Add<long>(0, [2]));
        var tip = t.Repo.Head!.Id;
        using (var w = t.Repo.OpenWriter())
            Assert.Equal(MergeStatus.Conflicts, w.Merge("dev").Status);
        t.Reopen();
        using (var w = t.Repo.OpenWriter())
        {
            Assert.Single(w.Conflicts);
            Assert.Equal(ErrorCode.MergeInProgress, Assert.Throws<StateException>(() => w.Merge("dev")).Code);
            w.AbortMerge();
            Assert.False(w.HasStagedChanges);
            Assert.Equal(ErrorCode.NoMergeInProgress, Assert.Throws<StateException>(() => w.AbortMerge()).Code);
        }
        Assert.Equal(tip, t.Repo.Head!.Id);
    }

    [Fact]
    public void Nodes_added_on_both_sides_merge_or_conflict_on_schema()
    {
        using var t = Diverge(
            w => { w.CreateColumn("/same", ColumnSchema.Str()).AddString(0, "a"); w.CreateColumn("/other", ColumnSchema.NDArray(DType.UInt8, 1)).Add<byte>(0, [1]); },
            w => { w.CreateColumn("/same", ColumnSchema.Str()).AddString(1, "b"); w.CreateColumn("/other", ColumnSchema.NDArray(DType.Int8, 1)).Add<sbyte>(0, [1]); });
        using var w = t.Repo.OpenWriter();
        var result = w.Merge("dev");
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal((ConflictKind.Schema, "/other"), (conflict.Kind, conflict.Path));
        w.Resolve("/other", null, MergeSide.Theirs);
        w.Commit("merge");
        var c = t.Repo.Checkout("HEAD");
        Assert.Equal(2, c.Column("/same").Count);
        Assert.Equal(DType.Int8, c.Column("/other").Schema.DType);
    }

    [Fact]
    public void Removing_a_column_on_one_side_conflicts_with_changes_on_the_other()
    {
        using var t = Diverge(w => w.Remove("/labels"), w => w.Column("/labels").Add<long>(3, [33]));
        using var w = t.Repo.OpenWriter();
        var conflict = Assert.Single(w.Merge("dev").Conflicts);
        Assert.Equal((ConflictKind.RemovedMutated, "/labels", (string?)null), (conflict.Kind, conflict.Path, conflict.Key));
        w.Resolve("/labels", null, MergeSide.Theirs);
        w.Commit("keep theirs");
        Assert.Equal(33, t.Repo.Checkout("HEAD").Column("/labels").Get(3).AsSpan<long>()[0]);
    }

    [Fact]
    public void Merging_never_reads_sample_bytes()
    {
        using var t = Diverge(
            w => w.Column("/images").Add<byte>(1, TempRepo.Image(1, 1)),
            w => w.Column("/images").Add<byte>(2, TempRepo.Image(2, 2)));
        t.Repo.Dispose();
        foreach (var pack in Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")))
            File.Delete(pack);
        var repo = t.Reopen();
        using (var w = repo.OpenWriter())
        {
            var result = w.Merge("dev");
            Assert.Equal(MergeStatus.Merged, result.Status);
        }
        var diff = repo.Diff("HEAD~1", "HEAD");
        Assert.Equal(1, diff.Mutated);
        Assert.Throws<CorruptObjectException>(() => repo.Checkout("HEAD").Column("/images").Get(2));
    }
}
