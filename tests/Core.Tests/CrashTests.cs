using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// A writer process killed with SIGKILL at random moments, many of them inside a commit: the
/// repository then opens at a commit that holds everything reported committed, verify passes,
/// and the staging area loads.
/// </summary>
public class CrashTests
{
    [Fact]
    public void Killing_a_writer_mid_commit_never_loses_or_tears_a_commit()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, 784)).Add<byte>(0, new byte[784]);
            w.Commit("seed");
        }
        var rng = new Random(7);
        var committed = new List<string>();
        for (int round = 0; round < 6; round++)
        {
            using (var child = new ChildProcess("commit-loop", t.Dir))
            {
                child.WaitFor("staged", TimeSpan.FromSeconds(120));
                Thread.Sleep(rng.Next(0, 400));
                child.Kill();
                committed.AddRange(child.Lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal)).Select(l => l[10..]));
            }
            var repo = t.Reopen();
            var head = repo.Head!;
            foreach (var id in committed)
                Assert.True(repo.Commits.IsAncestor(id, "HEAD"), $"round {round}: commit {id} was reported durable but is not in the history");
            var column = repo.Checkout("HEAD").Column("/images");
            Assert.Equal(column.Count, column.Entries().Count());
            foreach (var (key, _, _) in column.Entries().Take(500))
                Assert.Equal(784, column.Get(key).Bytes.Length);
            var result = repo.Verify();
            Assert.True(result.IsOk, string.Join("\n", result.Problems));
            // Between rounds the child holds no lock for an instant (its writer closed, the next not yet
            // open): a kill there leaves none to take over. CI met that once (2026-12-07).
            var held = repo.LockStatus();
            using var w = repo.OpenWriter();
            Assert.Equal(held is not null, w.TakenOverLock is not null);
            Assert.Equal(head.Id, w.BaseCommit!.Id);
            _ = w.Status();
        }
    }

    /// <summary>
    /// A reset moves the branch and replaces the staging area in one transaction: killed at any
    /// moment of soft and hard resets, the repository verifies, its staging area loads on the
    /// branch tip, and every commit reported made is still reachable (from the branch or the ref log).
    /// </summary>
    [Fact]
    public void Killing_a_writer_mid_reset_leaves_a_valid_repository()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, 784)).Add<byte>(0, new byte[784]);
            w.Commit("seed");
        }
        var rng = new Random(11);
        var committed = new List<string>();
        for (int round = 0; round < 6; round++)
        {
            using (var child = new ChildProcess("reset-loop", t.Dir))
            {
                child.WaitFor("committed", TimeSpan.FromSeconds(120));
                Thread.Sleep(rng.Next(0, 600));
                child.Kill();
                committed.AddRange(child.Lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal)).Select(l => l[10..]));
            }
            var repo = t.Reopen();
            var result = repo.Verify();
            Assert.True(result.IsOk, string.Join("\n", result.Problems));
            Assert.Equal(0, repo.CollectGarbage(dryRun: true).Commits);
            foreach (var id in committed)
                Assert.NotNull(repo.Commits.TryGet(ObjectId.Parse(id)));
            using var w = repo.OpenWriter();
            Assert.Equal(repo.Head!.Id, w.BaseCommit!.Id);
            _ = w.Status();
            w.Reset();
        }
    }

    /// <summary>
    /// Purge and expire each rewrite history and move every ref in one transaction, and the gc after
    /// them swaps the index in one: killed at any moment of rounds of commit, purge (or expire) and
    /// gc, the repository verifies, every ref names a commit it holds, and the staging area loads.
    /// </summary>
    [Theory]
    [InlineData("purge-loop", 13)]
    [InlineData("expire-loop", 17)]
    public void Killing_a_purge_or_an_expire_and_its_gc_leaves_a_valid_repository(string mode, int seed)
    {
        using var t = Seeded();
        var rng = new Random(seed);
        int inside = 0;
        for (int round = 0; round < 6; round++)
        {
            using (var child = new ChildProcess(mode, t.Dir))
            {
                child.WaitFor("committed", TimeSpan.FromSeconds(120));
                Thread.Sleep(rng.Next(0, 1500));
                child.Kill();
                inside += child.Lines[^1] is "collected" or "staged" ? 0 : 1;
            }
            AssertValid(t.Reopen(), $"{mode} round {round}");
        }
        Assert.True(inside > 0, "no kill fell inside a rewrite or its gc");
    }

    /// <summary>
    /// Remote gc of a folder remote deletes objects and rewrites packs there, and writes its state
    /// around that: killed at any moment of rounds of push, push --delete and gc --remote, the remote
    /// verifies and every ref of it names a commit it holds.
    /// </summary>
    [Fact]
    public void Killing_a_remote_gc_leaves_a_valid_remote()
    {
        using var t = Seeded();
        using var remote = new TempRepo();
        var rng = new Random(19);
        int collected = 0, inside = 0;
        for (int round = 0; round < 6; round++)
        {
            using (var child = new ChildProcess("remote-gc-loop", t.Dir, remote.Dir))
            {
                child.WaitFor("pushed", TimeSpan.FromSeconds(120));
                Thread.Sleep(rng.Next(0, 1500));
                child.Kill();
                collected += child.Lines.Count(l => l == "collected");
                inside += child.Lines[^1].StartsWith("pushed ", StringComparison.Ordinal) ? 1 : 0;
            }
            AssertValid(remote.Reopen(), $"remote, round {round}");
            AssertValid(t.Reopen(), $"local, round {round}");
        }
        Assert.True(collected > 0, "no remote gc ran to its end: the kills never fell after one");
        Assert.True(inside > 0, "no kill fell inside a push --delete or a remote gc");
    }

    private static TempRepo Seeded()
    {
        var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, 784)).Add<byte>(0, new byte[784]);
        w.Commit("seed");
        return t;
    }

    private static void AssertValid(Repository repo, string where)
    {
        var result = repo.Verify();
        Assert.True(result.IsOk, $"{where}: {string.Join("\n", result.Problems)}");
        foreach (var branch in repo.Branches.List())
            Assert.NotNull(repo.Commits.TryGet(branch.Tip));
        foreach (var tag in repo.Tags.List())
            Assert.NotNull(repo.Commits.TryGet(tag.Target));
        var column = repo.Checkout("HEAD").Column("/images");
        Assert.Equal(column.Count, column.Entries().Count());
        using var w = repo.OpenWriter();
        Assert.Equal(repo.Head!.Id, w.BaseCommit!.Id);
        _ = w.Status();
    }
}
