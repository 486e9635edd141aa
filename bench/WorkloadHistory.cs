namespace Tessera.Bench;

/// <summary>
/// What changing history costs on workload A's repository (70,000 uint8 (784,) images and int64
/// labels, then five commits of 1,000 changed images each, one key changed in all five): revert of
/// a 1,000-sample commit, purge of that key from the five commits that hold it, and expire of the
/// three oldest commits followed by gc.
/// </summary>
internal static class WorkloadHistory
{
    private const int N = WorkloadA.N;
    private const int Size = WorkloadA.ImageSize;
    private const int Secret = 123_456;

    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("history");
        var rng = new Random(seed);
        var images = new byte[N * Size];
        rng.NextBytes(images);
        var labels = new long[N];
        for (int i = 0; i < N; i++)
            labels[i] = rng.Next(10);
        var keys = Enumerable.Range(0, N).Select(i => SampleKey.Of(i)).ToArray();
        var start = DateTimeOffset.UtcNow.AddDays(-10);

        using var scratch = new Scratch();
        using var repo = Repository.Init(scratch.Dir, new InitOptions { UserName = "bench", UserEmail = "bench@localhost", Branch = "master" });
        using (var w = repo.OpenWriter())
        {
            w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, Size)).AddRange<byte>(keys, images);
            w.CreateColumn("/labels", ColumnSchema.NDArray(DType.Int64, 1)).AddRange<long>(keys, labels);
            w.Commit("add 70k images and labels", new CommitOptions { Author = new Signature("bench", "bench@localhost", start) });
            for (int c = 1; c <= 5; c++)
            {
                var column = w.Column("/images");
                var sample = new byte[Size];
                for (int i = 0; i < 1000; i++)
                {
                    rng.NextBytes(sample);
                    column.Add<byte>((c * 7919 + i * 13) % N, sample);
                }
                rng.NextBytes(sample);
                column.Add<byte>(Secret, sample);
                w.Commit($"modify 1,000 images ({c})", new CommitOptions { Author = new Signature("bench", "bench@localhost", start.AddDays(c)) });
            }
        }

        using (var w = repo.OpenWriter())
        {
            var revert = rec.Time("revert_1000", 1000L * Size, 1001, () => w.Revert("HEAD"));
            Recorder.Check(revert.Commits.Count == 1, "the revert makes one commit");
            w.ResetTo("HEAD~1", ResetMode.Hard, force: true);

            var purge = rec.Time("purge_1_key_5_commits", Size, 5, () => w.Purge("/images", [Secret]));
            Recorder.Check(purge.EntriesRemoved == 5 && purge.Commits.Count == 5, $"the key leaves the five commits that hold it (removed {purge.EntriesRemoved})");

            var expire = rec.Time("expire_3_oldest", 0, 3, () => w.Expire(start.AddDays(2.5)));
            Recorder.Check(expire.Dropped.Count == 3, $"the three oldest commits leave history (dropped {expire.Dropped.Count})");
        }
        var gc = rec.Time("gc_after_expire", 0, 0, () => repo.CollectGarbage(dryRun: false, keepRefLogCommits: false));
        Recorder.Check(gc.Blobs > 0, "gc deletes the samples only the dropped commits held");
        Recorder.Check(repo.Verify().IsOk, "the repository verifies after it all");
        return rec.Results;
    }
}
