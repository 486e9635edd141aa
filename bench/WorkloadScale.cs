namespace Tessera.Bench;

/// <summary>
/// Cost follows changes, not size: a commit and a diff of 1,000 changed samples in a column of
/// 70,000 and of 1,000,000 small samples (uint8 (16,)).
/// </summary>
internal static class WorkloadScale
{
    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("scale");
        foreach (int n in new[] { 70_000, 1_000_000 })
            Measure(rec, n, seed);
        return rec.Results;
    }

    private static void Measure(Recorder rec, int n, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[n * 16];
        rng.NextBytes(data);
        using var scratch = new Scratch();
        using var repo = Repository.Init(scratch.Dir, new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using var w = repo.OpenWriter();
        w.CreateColumn("/small", ColumnSchema.NDArray(DType.UInt8, 16)).AddRange<byte>(Enumerable.Range(0, n).Select(i => SampleKey.Of(i)).ToArray(), data);
        w.Commit("base");
        var col = w.Column("/small");
        var sample = new byte[16];
        for (int k = 0; k < 1000; k++)
        {
            rng.NextBytes(sample);
            col.Add<byte>(rng.Next(n), sample);
        }
        // The set-up's million-sample batch leaves garbage whose full collection would fall in the commit.
        Recorder.Settle();
        rec.Time("commit_1k_changes", 1000 * 16, n, () => w.Commit("1,000 changes"));
        Recorder.Settle();
        var diff = rec.Time("diff_1k_changes", 0, n, () => repo.Diff("HEAD~1", "HEAD", new DiffOptions { IncludeKeys = true }));
        Recorder.Check(diff.Mutated is > 990 and <= 1000, $"diff finds the changes (got {diff.Mutated})");
    }
}
