using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>expire: old commits dropped from history, the oldest kept ones made roots, the content of what is kept unchanged.</summary>
public class ExpireTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static Commit CommitAt(WriteCheckout w, int daysAgo, string message, long key, int salt)
    {
        w.Column("/images").Add<byte>(key, TempRepo.Image((int)key, salt));
        return w.Commit(message, new CommitOptions { Author = new Signature("T", "t@example.com", Now.AddDays(-daysAgo)) });
    }

    [Fact]
    public void Expire_drops_old_commits_keeps_content_and_lets_gc_reclaim_what_only_they_held()
    {
        using var t = new TempRepo();
        Commit old1, old2, kept1, kept2;
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, 4, 4));
            old1 = CommitAt(w, 10, "old 1", 0, 1);
            old2 = CommitAt(w, 8, "old 2", 0, 2);     // overwrites key 0: old 1's sample is only in old history
            kept1 = CommitAt(w, 2, "kept 1", 1, 3);
            kept2 = CommitAt(w, 1, "kept 2", 2, 3);
        }
        var tipBefore = t.Repo.Checkout("main");
        ExpireResult result;
        using (var w = t.Repo.OpenWriter())
            result = w.Expire(Now.AddDays(-5));

        Assert.Equal(new[] { old1.Id, old2.Id }.Order(), result.Dropped.Order());
        var log = t.Repo.Commits.Query("main");
        Assert.Equal(["kept 2", "kept 1"], log.Select(c => c.Message));
        Assert.Empty(log[^1].Parents);
        Assert.Equal(kept2.Author, log[0].Author);   // same time; the content is compared below
        var tip = t.Repo.Checkout("main");
        for (int k = 0; k < 3; k++)
            Assert.Equal(tipBefore.Column("/images").Get(k).Bytes.ToArray(), tip.Column("/images").Get(k).Bytes.ToArray());

        var oldSample = TempRepo.Image(0, 1);
        Assert.Equal(0, t.Repo.CollectGarbage(dryRun: true).Commits);     // the ref log's grace
        var gc = t.Repo.CollectGarbage(dryRun: false, keepRefLogCommits: false);
        Assert.Equal((4, 1L), (gc.Commits, gc.Blobs));   // old 1, old 2 and the two rewritten; old 1's sample
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")), f => File.ReadAllBytes(f).AsSpan().IndexOf(oldSample) >= 0);
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void Expire_refuses_to_drop_a_commit_a_ref_points_to()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, 4, 4));
        var old = CommitAt(w, 10, "old", 0, 1);
        t.Repo.Tags.Create("v0");
        CommitAt(w, 1, "new", 1, 1);
        var error = Assert.Throws<StateException>(() => w.Expire(Now.AddDays(-5)));
        Assert.Contains("tag v0", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, t.Repo.Commits.Query("main").Count);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<StateException>(() => w.Expire(Now)).Code);   // main itself
        Assert.Equal(old.Id, t.Repo.Tags["v0"]!.Target);
        w.Column("/images").Add<byte>(5, TempRepo.Image(5));
        Assert.Equal(ErrorCode.StagedChanges, Assert.Throws<StateException>(() => w.Expire(Now.AddDays(-20))).Code);
    }
}
