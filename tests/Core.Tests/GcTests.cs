using Tessera.Tests.Support;

namespace Tessera.Tests;

public class GcTests
{
    [Fact]
    public void Gc_removes_only_what_nothing_reaches()
    {
        using var t = new TempRepo();
        t.Seed(20);
        t.Repo.Branches.Create("doomed");
        using (var w = t.Repo.OpenWriter())
        {
            w.SwitchBranch("doomed");
            for (int i = 0; i < 5; i++)
                w.Column("/images").Add<byte>(i, TempRepo.Image(i, 50));
            w.Commit("work that will be dropped");
            w.SwitchBranch("main");
            w.Column("/images").Add<byte>(1000, TempRepo.Image(1000, 1));
            // One staging-log row mixing inline ids (compact) and a stored one, which gc must keep.
            w.CreateColumn("/notes", ColumnSchema.Str()).AddStrings([1, 2, 3], ["a", new string('n', 40), "b"]);
        }
        t.Repo.Branches.Delete("doomed", force: true);
        // The ref log names the deleted branch's tip: gc keeps it (and its samples) unless told.
        Assert.Equal((0, 0L), (t.Repo.CollectGarbage(dryRun: true).Commits, t.Repo.CollectGarbage(dryRun: true).Blobs));
        var dry = t.Repo.CollectGarbage(dryRun: true, keepRefLogCommits: false);
        Assert.Equal((1, 5L), (dry.Commits, dry.Blobs));
        Assert.True(t.Repo.Verify().IsOk);
        long before = Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Sum(f => new FileInfo(f).Length);

        var gc = t.Repo.CollectGarbage(dryRun: false, keepRefLogCommits: false);
        Assert.Equal((1, 5L), (gc.Commits, gc.Blobs));
        long after = Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Sum(f => new FileInfo(f).Length);
        Assert.True(after < before);

        var repo = t.Reopen();
        Assert.True(repo.Verify().IsOk);
        var images = repo.Checkout("HEAD").Column("/images");
        for (int i = 0; i < 20; i++)
            Assert.Equal(TempRepo.Image(i), images.Get(i).ToArray<byte>());
        using (var w2 = repo.OpenWriter())
        {
            Assert.Equal(TempRepo.Image(1000, 1), w2.Column("/images").Get(1000).ToArray<byte>());
            Assert.Equal(new string('n', 40), w2.Column("/notes").Get(2).AsString());
        }
        Assert.Equal(0, repo.CollectGarbage(dryRun: true).Blobs);
    }

    [Fact]
    public void Gc_waits_for_no_writer()
    {
        using var t = new TempRepo();
        t.Seed(2);
        using var w = t.Repo.OpenWriter();
        using var other = Repository.Open(t.Dir);
        Assert.Equal(ErrorCode.WriterLockHeld, Assert.Throws<LockedException>(() => other.CollectGarbage(dryRun: false)).Code);
    }
}
