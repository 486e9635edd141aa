using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>revert, cherry-pick, commit --amend, reset --soft|--hard REV, branch -f, merge --squash, and gc's grace for what they leave behind.</summary>
public class HistoryRewriteTests
{
    private static byte[] Get(ReadCheckout view, string column, long key) => view.Column(column).Get(key).Bytes.ToArray();

    private static Commit Put(WriteCheckout w, long key, int salt, string message)
    {
        w.Column("/images").Add<byte>(key, TempRepo.Image((int)key, salt));
        return w.Commit(message);
    }

    [Fact]
    public void Revert_undoes_one_commit_and_keeps_later_ones()
    {
        using var t = new TempRepo();
        t.Seed(5);
        using var w = t.Repo.OpenWriter();
        var bad = Put(w, 1, 9, "bad labelling");
        var later = Put(w, 2, 3, "later fix");
        var result = w.Revert(bad.Id.ToString());

        Assert.Equal((MergeKind.Revert, PickStatus.Done), (result.Kind, result.Status));
        var revert = Assert.Single(result.Commits);
        Assert.Equal([later.Id], revert.Parents);
        Assert.StartsWith("Revert \"bad labelling\"", revert.Message, StringComparison.Ordinal);
        Assert.Contains(bad.Id.ToString(), revert.Message, StringComparison.Ordinal);
        var head = t.Repo.Checkout("HEAD");
        Assert.Equal(TempRepo.Image(1), Get(head, "/images", 1));
        Assert.Equal(TempRepo.Image(2, 3), Get(head, "/images", 2));

        // Reverting it again changes nothing: skipped, no commit.
        var again = w.Revert(bad.Id.ToString());
        Assert.Equal([bad.Id], again.Skipped);
        Assert.Empty(again.Commits);
        Assert.Equal(revert.Id, t.Repo.Head!.Id);
    }

    [Fact]
    public void Revert_refuses_what_it_cannot_do_and_changes_nothing()
    {
        using var t = new TempRepo();
        var root = t.Seed(3);
        using var w = t.Repo.OpenWriter();
        var c = Put(w, 0, 1, "one");
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => w.Revert(root.Id.ToString())).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => w.Revert("HEAD", new PickOptions { Mainline = 1 })).Code);
        Assert.Equal(ErrorCode.RefNotFound, Assert.ThrowsAny<TesseraException>(() => w.Revert("deadbeef")).Code);
        w.Column("/labels").Add<long>(0, [42]);
        Assert.Equal(ErrorCode.StagedChanges, Assert.Throws<StateException>(() => w.Revert("HEAD")).Code);
        Assert.Equal(c.Id, t.Repo.Head!.Id);
        Assert.Equal(42L, w.Column("/labels").Get(0).ToArray<long>()[0]);
    }

    [Fact]
    public void Reverting_a_merge_needs_its_mainline()
    {
        using var t = new TempRepo();
        t.Seed(3);
        t.Repo.Branches.Create("dev");
        using var w = t.Repo.OpenWriter();
        w.SwitchBranch("dev");
        Put(w, 1, 5, "dev");
        w.SwitchBranch("main");
        Put(w, 2, 5, "main");
        var merge = w.Merge("dev").Commit!;
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => w.Revert("HEAD")).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<InvalidInputException>(() => w.Revert("HEAD", new PickOptions { Mainline = 3 })).Code);

        var result = w.Revert("HEAD", new PickOptions { Mainline = 1 });
        Assert.Equal([merge.Id], Assert.Single(result.Commits).Parents);
        var head = t.Repo.Checkout("HEAD");
        Assert.Equal(TempRepo.Image(1), Get(head, "/images", 1));   // what dev brought is gone
        Assert.Equal(TempRepo.Image(2, 5), Get(head, "/images", 2)); // main's own change stays
    }

    [Fact]
    public void Cherry_pick_stops_at_a_conflict_survives_a_reopen_and_continues()
    {
        using var t = new TempRepo();
        t.Seed(5);
        t.Repo.Branches.Create("dev");
        Commit first, second, third;
        using (var w = t.Repo.OpenWriter())
        {
            w.SwitchBranch("dev");
            first = Put(w, 1, 7, "one");
            second = Put(w, 2, 7, "two");
            third = Put(w, 3, 7, "three");
            w.SwitchBranch("main");
            Put(w, 2, 8, "main two");
            var result = w.CherryPick([first.Id.ToString(), second.Id.ToString(), third.Id.ToString()]);
            Assert.Equal(PickStatus.Conflicts, result.Status);
            Assert.Equal(second.Id, result.Stopped);
            Assert.Equal([third.Id], result.Remaining);
            var picked = Assert.Single(result.Commits);
            Assert.Equal("one", picked.Message);
            Assert.Equal(first.Author.Email, picked.Author.Email);
            Assert.Equal(ConflictKind.MutatedBoth, Assert.Single(result.Conflicts).Kind);
        }

        var repo = t.Reopen();
        using (var w = repo.OpenWriter())
        {
            var status = w.Status();
            Assert.Equal((MergeKind.CherryPick, second.Id), (status.MergeKind, status.MergeSource));
            Assert.Equal(second.Parents[0], status.MergeBase);
            w.Resolve("/images", "2", MergeSide.Theirs);
            // A plain commit would drop the commit still queued.
            Assert.Equal(ErrorCode.MergeInProgress, Assert.Throws<StateException>(() => w.Commit("x")).Code);
            var rest = w.ContinuePick();
            Assert.Equal(PickStatus.Done, rest.Status);
            Assert.Equal(["two", "three"], rest.Commits.Select(c => c.Message));
            Assert.All(rest.Commits, c => Assert.Single(c.Parents));
            Assert.False(w.Status().MergeHead.HasValue);
        }
        var head = repo.Checkout("HEAD");
        Assert.Equal([TempRepo.Image(1, 7), TempRepo.Image(2, 7), TempRepo.Image(3, 7)], new long[] { 1, 2, 3 }.Select(k => Get(head, "/images", k)));
        Assert.Equal(["three", "two", "one", "main two"], repo.Commits.Query("HEAD").Take(4).Select(c => c.Message));
    }

    [Fact]
    public void Cherry_pick_abort_keeps_the_commits_already_made()
    {
        using var t = new TempRepo();
        t.Seed(3);
        t.Repo.Branches.Create("dev");
        using var w = t.Repo.OpenWriter();
        w.SwitchBranch("dev");
        var a = Put(w, 0, 4, "a");
        var b = Put(w, 1, 4, "b");
        w.SwitchBranch("main");
        Put(w, 1, 5, "main b");
        var result = w.CherryPick([a.Id.ToString(), b.Id.ToString()]);
        Assert.Equal(PickStatus.Conflicts, result.Status);
        w.AbortMerge();
        Assert.Equal("a", t.Repo.Head!.Message);
        Assert.Null(w.Status().MergeHead);
        Assert.Equal(TempRepo.Image(1, 5), w.Column("/images").Get(1).ToArray<byte>());
    }

    [Fact]
    public void Amend_replaces_the_tip_with_the_same_parents()
    {
        using var t = new TempRepo();
        var seed = t.Seed(3);
        using var w = t.Repo.OpenWriter();
        var tip = Put(w, 0, 1, "typo");
        var renamed = w.Commit("fixed message", new CommitOptions { Amend = true });
        Assert.Equal([seed.Id], renamed.Parents);
        Assert.Equal(tip.Tree, renamed.Tree);
        Assert.Equal(tip.Author.Email, renamed.Author.Email);

        w.Column("/images").Add<byte>(1, TempRepo.Image(1, 1));
        var grown = w.Commit(null, new CommitOptions { Amend = true });
        Assert.Equal(("fixed message", seed.Id), (grown.Message, grown.Parents[0]));
        var head = t.Repo.Checkout("HEAD");
        Assert.Equal(TempRepo.Image(0, 1), Get(head, "/images", 0));
        Assert.Equal(TempRepo.Image(1, 1), Get(head, "/images", 1));
        Assert.Equal(2, t.Repo.Commits.Query("HEAD").Count);
        Assert.Equal([grown.Id, renamed.Id, tip.Id], t.Repo.RefLog("main").Take(3).Select(e => e.New!.Value));

        // Undoing the change in an amend leaves nothing to commit.
        w.Column("/images").Add<byte>(0, TempRepo.Image(0));
        w.Column("/images").Add<byte>(1, TempRepo.Image(1));
        Assert.Equal(ErrorCode.EmptyCommit, Assert.Throws<StateException>(() => w.Commit(null, new CommitOptions { Amend = true })).Code);
        Assert.Equal(grown.Id, t.Repo.Head!.Id);
    }

    [Fact]
    public void Hard_reset_refuses_to_drop_commits_unless_forced_and_gc_keeps_them_for_the_reflog()
    {
        using var t = new TempRepo();
        var seed = t.Seed(3);
        using var w = t.Repo.OpenWriter();
        var dropped = Put(w, 0, 6, "to drop");
        w.Column("/labels").Add<long>(1, [99]);

        var refused = Assert.Throws<StateException>(() => w.ResetTo("HEAD~1", ResetMode.Hard));
        Assert.Equal(ErrorCode.UnmergedBranch, refused.Code);
        Assert.Equal(dropped.Id, t.Repo.Head!.Id);
        Assert.Equal(99L, w.Column("/labels").Get(1).ToArray<long>()[0]);

        var move = w.ResetTo("HEAD~1", ResetMode.Hard, force: true);
        Assert.Equal((dropped.Id, seed.Id), (move.Old!.Value, move.New.Id));
        Assert.Equal([dropped.Id], move.Dropped.Select(c => c.Id));
        Assert.Equal(seed.Id, t.Repo.Head!.Id);
        Assert.Equal(1L, w.Column("/labels").Get(1).ToArray<long>()[0]);
        var last = t.Repo.RefLog("main")[0];
        Assert.Equal((dropped.Id, seed.Id), (last.Old!.Value, last.New!.Value));
        w.Dispose();

        Assert.Equal(0, t.Repo.CollectGarbage(dryRun: false).Commits);
        Assert.NotNull(t.Repo.Commits.TryGet(dropped.Id));
        using (var undo = t.Repo.OpenWriter())
            undo.ResetTo(dropped.Id.ToString(), ResetMode.Hard);
        Assert.Equal(TempRepo.Image(0, 6), Get(t.Repo.Checkout("HEAD"), "/images", 0));
        using (var again = t.Repo.OpenWriter())
            again.ResetTo(seed.Id.ToString(), ResetMode.Hard, force: true);
        Assert.Equal(1, t.Repo.CollectGarbage(dryRun: false, keepRefLogCommits: false).Commits);
        Assert.Null(t.Repo.Commits.TryGet(dropped.Id));
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void Soft_reset_then_commit_squashes_and_keeps_the_content()
    {
        using var t = new TempRepo();
        var seed = t.Seed(4);
        using var w = t.Repo.OpenWriter();
        Put(w, 0, 2, "a");
        w.CreateColumn("/notes", ColumnSchema.Str()).AddStrings([1, 2], ["x", new string('y', 40)]);
        w.Commit("b");
        w.Column("/images").Remove(3);
        var tip = w.Commit("c");
        w.Column("/labels").Add<long>(0, [77]);

        var move = w.ResetTo(seed.Id.ToString(), ResetMode.Soft, force: true);
        Assert.Equal(3, move.Dropped.Count);
        var squashed = w.Commit("a, b and c, with the staged label");
        Assert.Equal([seed.Id], squashed.Parents);
        var head = t.Repo.Checkout("HEAD");
        Assert.Equal(TempRepo.Image(0, 2), Get(head, "/images", 0));
        Assert.False(head.Column("/images").Contains(3));
        Assert.Equal(new string('y', 40), head.Column("/notes").Get(2).AsString());
        Assert.Equal(77L, head.Column("/labels").Get(0).ToArray<long>()[0]);
        Assert.Equal(1, t.Repo.Diff(tip.Id.ToString(), "HEAD").Nodes.Single(n => n.Path == "/labels").Mutated);
        Assert.DoesNotContain(t.Repo.Diff(tip.Id.ToString(), "HEAD").Nodes, n => n.Path != "/labels");
    }

    [Fact]
    public void Branch_force_moves_another_branch_but_not_the_current_one()
    {
        using var t = new TempRepo();
        var seed = t.Seed(2);
        t.Repo.Branches.Create("dev");
        using (var w = t.Repo.OpenWriter())
        {
            w.SwitchBranch("dev");
            Put(w, 0, 3, "dev work");
            w.SwitchBranch("main");
        }
        var move = t.Repo.Branches.Move("dev", "main");
        Assert.Equal(seed.Id, t.Repo.Branches["dev"]!.Tip);
        Assert.Single(move.Dropped);
        Assert.Equal(ErrorCode.CurrentBranch, Assert.Throws<StateException>(() => t.Repo.Branches.Move("main", "dev")).Code);
    }

    [Fact]
    public void Squash_merge_stages_one_commit_with_one_parent()
    {
        using var t = new TempRepo();
        t.Seed(3);
        t.Repo.Branches.Create("dev");
        using var w = t.Repo.OpenWriter();
        w.SwitchBranch("dev");
        Put(w, 0, 1, "d1");
        var devTip = Put(w, 1, 1, "d2");
        w.SwitchBranch("main");
        var main = Put(w, 2, 1, "main");

        var result = w.Merge("dev", new MergeOptions { Squash = true });
        Assert.Equal(MergeStatus.Squashed, result.Status);
        Assert.Equal(MergeKind.Squash, w.Status().MergeKind);
        Assert.Equal(main.Id, t.Repo.Head!.Id);
        var commit = w.Commit("dev, squashed");
        Assert.Equal([main.Id], commit.Parents);
        var head = t.Repo.Checkout("HEAD");
        Assert.Equal([TempRepo.Image(0, 1), TempRepo.Image(1, 1), TempRepo.Image(2, 1)], new long[] { 0, 1, 2 }.Select(k => Get(head, "/images", k)));
        Assert.False(t.Repo.Commits.IsAncestor(devTip.Id.ToString(), "HEAD"));
    }
}
