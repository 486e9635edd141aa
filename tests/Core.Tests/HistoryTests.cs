using Tessera.Tests.Support;

namespace Tessera.Tests;

public class HistoryTests
{
    [Fact]
    public void Log_is_a_dag_newest_first_with_ancestry_syntax()
    {
        using var t = new TempRepo();
        var c1 = t.Seed(3, "one");
        var c2 = Change(t, 0, "two");
        t.Repo.Branches.Create("side", c1.Id.ToString());
        Commit side;
        using (var w = t.Repo.OpenWriter())
        {
            w.SwitchBranch("side");
            w.Column("/labels").Add<long>(9, [9]);
            side = w.Commit("side");
            w.SwitchBranch("main");
            var merge = w.Merge("side");
            Assert.Equal(MergeStatus.Merged, merge.Status);
        }
        var log = t.Repo.Commits.Query();
        Assert.Equal(4, log.Count);
        Assert.True(log[0].IsMerge);
        Assert.Equal(c1.Id, log[^1].Id);
        Assert.Equal(c2.Id, t.Repo.Lookup("HEAD^").Id);
        Assert.Equal(side.Id, t.Repo.Lookup("HEAD^2").Id);
        Assert.Equal(c1.Id, t.Repo.Lookup("HEAD~2").Id);
        Assert.Equal(c1.Id, t.Repo.Lookup("HEAD^2~1").Id);
        Assert.Equal(c2.Id, t.Repo.Lookup(c2.Id.ToString()[..7]).Id);
        Assert.Equal(c2.Id, t.Repo.Lookup(c2.Id.ToString().ToUpperInvariant()[..10]).Id);
        Assert.Equal("Test", log[0].Author.Name);
        Assert.Equal(c1.Id, t.Repo.Commits.MergeBase("main~1", "side")!.Id);
        Assert.True(t.Repo.Commits.IsAncestor("side", "main"));
    }

    [Fact]
    public void Branches_are_cheap_tags_never_move_and_unmerged_work_is_protected()
    {
        using var t = new TempRepo();
        var c1 = t.Seed(3);
        t.Repo.Branches.Create("dev");
        t.Repo.Tags.Create("v1");
        Assert.Equal(ErrorCode.RefExists, Assert.Throws<StateException>(() => t.Repo.Tags.Create("v1")).Code);
        Assert.Equal(ErrorCode.RefExists, Assert.Throws<StateException>(() => t.Repo.Branches.Create("v1")).Code);
        Assert.Equal(ErrorCode.InvalidName, Assert.Throws<InvalidInputException>(() => t.Repo.Branches.Create("bad name")).Code);
        using (var w = t.Repo.OpenWriter())
        {
            w.SwitchBranch("dev");
            w.Column("/labels").Add<long>(1, [42]);
            w.Commit("dev work");
            Assert.Equal(ErrorCode.CurrentBranch, Assert.Throws<StateException>(() => t.Repo.Branches.Delete("dev")).Code);
            w.SwitchBranch("main");
        }
        Assert.Equal(c1.Id, t.Repo.Tags["v1"]!.Target);
        Assert.Equal(c1.Id, t.Repo.Lookup("v1").Id);
        var ex = Assert.Throws<StateException>(() => t.Repo.Branches.Delete("dev"));
        Assert.Equal(ErrorCode.UnmergedBranch, ex.Code);
        Assert.NotNull(t.Repo.Branches["dev"]);
        t.Repo.Branches.Delete("dev", force: true);
        Assert.Null(t.Repo.Branches["dev"]);
        Assert.Equal(["main"], t.Repo.Branches.List().Select(b => b.Name));
        Assert.True(t.Repo.Branches.List().Single().IsCurrent);
    }

    [Fact]
    public void Switching_branches_refuses_staged_changes()
    {
        using var t = new TempRepo();
        t.Seed(3);
        t.Repo.Branches.Create("dev");
        using var w = t.Repo.OpenWriter();
        w.Column("/labels").Add<long>(0, [5]);
        Assert.Equal(ErrorCode.StagedChanges, Assert.Throws<StateException>(() => w.SwitchBranch("dev")).Code);
        Assert.Equal("main", w.Branch);
        Assert.Equal(ErrorCode.RefNotFound, Assert.Throws<NotFoundException>(() => { w.Reset(); w.SwitchBranch("nope"); }).Code);
        w.SwitchBranch("dev");
        Assert.Equal("dev", t.Repo.HeadBranch);
    }

    [Fact]
    public void Read_checkouts_are_stable_snapshots_while_the_writer_commits()
    {
        using var t = new TempRepo();
        t.Seed(10);
        var reader = t.Repo.Checkout("main");
        using var other = Repository.Open(t.Dir);
        using (var w = other.OpenWriter())
        {
            w.Column("/images").Add<byte>(0, TempRepo.Image(0, 77));
            w.Column("/images").Remove(1);
            w.Commit("change");
        }
        var images = reader.Column("/images");
        Assert.Equal(TempRepo.Image(0), images.Get(0).ToArray<byte>());
        Assert.True(images.Contains(1));
        Assert.Equal(TempRepo.Image(0, 77), t.Repo.Checkout("main").Column("/images").Get(0).ToArray<byte>());
    }

    private static Commit Change(TempRepo t, int key, string message)
    {
        using var w = t.Repo.OpenWriter();
        w.Column("/images").Add<byte>(key, TempRepo.Image(key, 100));
        return w.Commit(message);
    }
}
