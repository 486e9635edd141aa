using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// SQLite drops every frame of its write-ahead log after a damaged one, silently. Committed state
/// (and what a writer staged before it closed) must therefore not live only in that log, and a
/// database that lost committed changes anyway must be noticed by verify.
/// </summary>
public class WriteAheadLogTests
{
    [Fact]
    public void Damaging_the_write_ahead_log_loses_no_commit_and_no_staged_work()
    {
        using var t = new TempRepo();
        t.Seed(20);
        var rng = new Random(42);
        for (int round = 0; round < 6; round++)
        {
            Commit head;
            using (var w = t.Repo.OpenWriter())
            {
                w.Column("/images").Add<byte>(100 + round, TempRepo.Image(100 + round, salt: 3));
                head = w.Commit($"round {round}");
                w.Column("/labels").Add<long>(500 + round, [round]);
            }
            t.Repo.Tags.Create($"r{round}", "HEAD");

            // A copy of the repository as a crash would leave it: the database is still open here,
            // so its write-ahead log holds frames.
            string copy = Snapshot(t.Dir);
            Assert.True(new FileInfo(Path.Combine(copy, ".tensor", "tensor.db-wal")).Length > 32, "the log holds no frames to damage");
            for (int trial = 0; trial < 7; trial++)
            {
                string damaged = Snapshot(copy);
                Damage(Path.Combine(damaged, ".tensor", "tensor.db-wal"), rng, trial);
                using (var repo = Repository.Open(damaged))
                {
                    Assert.Equal(head.Id, repo.Head!.Id);
                    Assert.NotNull(repo.Tags[$"r{round}"]);
                    var staged = StagedView.Open(repo).Status().Staged.Nodes;
                    Assert.Equal(1, Assert.Single(staged).Added);
                    Assert.True(repo.Verify().IsOk);
                }
                Directory.Delete(damaged, recursive: true);
            }
            Directory.Delete(copy, recursive: true);
            using (var w = t.Repo.OpenWriter())
                w.Reset();
        }
    }

    [Fact]
    public void Verify_notices_a_database_that_went_back_to_an_older_state()
    {
        using var t = new TempRepo();
        t.Seed(20);
        t.Repo.Dispose();
        string older = Snapshot(t.Dir);
        var repo = t.Reopen();
        Commit lost;
        using (var w = repo.OpenWriter())
        {
            w.Column("/images").Add<byte>(77, TempRepo.Image(77, salt: 9));
            lost = w.Commit("the commit the database will lose");
        }
        repo.Tags.Create("v2", "HEAD");
        Assert.True(repo.Verify().IsOk);
        repo.Dispose();

        // The database goes back to its older state (a damaged log, a restored backup); the ref log stays.
        foreach (var name in new[] { "tensor.db", "tensor.db-wal", "tensor.db-shm" })
        {
            string from = Path.Combine(older, ".tensor", name), to = Path.Combine(t.Dir, ".tensor", name);
            if (File.Exists(from))
                File.Copy(from, to, overwrite: true);
            else
                File.Delete(to);
        }
        repo = t.Reopen();
        Assert.NotEqual(lost.Id, repo.Head!.Id);
        var result = repo.Verify();
        Assert.False(result.IsOk);
        Assert.Contains(result.Problems, p => p.Kind == "reflog" && p.Message.Contains("lost changes it had committed", StringComparison.Ordinal));
        var main = Assert.Single(result.Problems, p => p.Kind == "ref" && p.Id == "main");
        Assert.Contains(lost.ShortId, main.Message, StringComparison.Ordinal);
        Assert.Contains(result.Problems, p => p.Kind == "ref" && p.Id == "v2");
        Directory.Delete(older, recursive: true);
    }

    private static string Snapshot(string dir)
    {
        string copy = Directory.CreateTempSubdirectory("tessera-crash-").FullName;
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    /// <summary>Flips a byte, or (every third trial) cuts the log short, past its 32-byte header.</summary>
    private static void Damage(string wal, Random rng, int trial)
    {
        var bytes = File.ReadAllBytes(wal);
        if (bytes.Length <= 32)
            return;
        int at = rng.Next(32, bytes.Length);
        if (trial % 3 == 2)
            bytes = bytes[..at];
        else
            bytes[at] ^= (byte)(1 << rng.Next(8));
        File.WriteAllBytes(wal, bytes);
    }
}
