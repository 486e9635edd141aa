namespace Tessera.Bench;

/// <summary>
/// Workload A of the Hangar baseline ("MNIST-shaped"): 70,000 uint8 (784,) images and 70,000
/// int64 (1,) labels (MNIST's 0..9), random with a fixed seed, integer keys 0..69999.
/// </summary>
internal static class WorkloadA
{
    public const int N = 70_000;
    public const int ImageSize = 784;

    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("A");
        var rng = new Random(seed);
        var images = new byte[N * ImageSize];
        rng.NextBytes(images);
        var labels = new long[N];
        for (int i = 0; i < N; i++)
            labels[i] = rng.Next(10);
        long payload = images.Length + (labels.Length * 8L);
        var keys = Enumerable.Range(0, N).Select(i => SampleKey.Of(i)).ToArray();

        using var scratch = new Scratch();
        using var repo = Repository.Init(scratch.Dir, new InitOptions { UserName = "bench", UserEmail = "bench@localhost", Branch = "master" });
        var w = repo.OpenWriter();
        rec.Time("write", payload, 2 * N, () =>
        {
            var img = w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, ImageSize));
            var lab = w.CreateColumn("/labels", ColumnSchema.NDArray(DType.Int64, 1));
            img.AddRange<byte>(keys, images);
            lab.AddRange<long>(keys, labels);
        });
        rec.Time("commit", payload, 2 * N, () => w.Commit("add 70k images and labels"));
        w.Dispose();
        long firstDisk = Scratch.SizeOf(scratch.Dir);

        using var reader = Repository.Open(scratch.Dir);
        var checkout = rec.Time("open_read", 0, 0, () => reader.Checkout("master"));
        // Every sample back and checked, through the batched path (each column into one buffer).
        var imagesBack = TouchedBuffer.Of<byte>(images.Length);
        var labelsBack = TouchedBuffer.Of<long>(labels.Length);
        rec.Time("read_all", payload, 2 * N, () =>
        {
            var order = checkout.Column("/images").ReadAll<byte>(imagesBack);
            checkout.Column("/labels").ReadAll<long>(labelsBack);
            Recorder.Check(order.Length == N && order[^1].Int == N - 1, "every key, in key order");
            Recorder.Check(imagesBack.AsSpan().SequenceEqual(images), "every image reads back");
            Recorder.Check(labelsBack.AsSpan().SequenceEqual(labels), "every label reads back");
        });

        rec.Time("branch", 0, 0, () => repo.Branches.Create("dev"));
        w = repo.OpenWriter();
        w.SwitchBranch("dev");
        var changed = Modified(rng, 0, 1000, 70);
        long before = Scratch.SizeOf(scratch.Dir);
        rec.Time("modify_commit", 1000L * ImageSize, 1000, () =>
        {
            var img = w.Column("/images");
            foreach (var (key, data) in changed)
                img.Add<byte>(key, data);
            w.Commit("modify 1,000 images");
        });
        long growth = Scratch.SizeOf(scratch.Dir) - before;
        rec.Record("commit_growth_bytes", growth, 1000);

        var diff = rec.Time("diff", 0, 1000, () => repo.Diff("master", "dev", new DiffOptions { IncludeKeys = false }));
        Recorder.Check(diff.Mutated == 1000 && diff.Added == 0 && diff.Removed == 0, $"diff reports 1,000 mutated (got {diff.Mutated})");

        w.SwitchBranch("master");
        var ff = rec.Time("merge_ff", 0, 1000, () => w.Merge("dev"));
        Recorder.Check(ff.Status == MergeStatus.FastForward, "fast-forward merge");

        repo.Branches.Create("side");
        w.SwitchBranch("side");
        var img2 = w.Column("/images");
        foreach (var (key, data) in Modified(rng, 10_000, 11_000, 1))
            img2.Add<byte>(key, data);
        w.Commit("side: modify 1,000 images");
        w.SwitchBranch("master");
        img2 = w.Column("/images");
        foreach (var (key, data) in Modified(rng, 20_000, 21_000, 1))
            img2.Add<byte>(key, data);
        foreach (var (key, data) in Modified(rng, N, N + 1000, 1))
            img2.Add<byte>(key, data);
        w.Commit("master: modify 1,000 and add 1,000 images");

        rec.Time("diff3", 0, 3000, () =>
        {
            var mergeBase = repo.Commits.MergeBase("master", "side")!.Id.ToString();
            var ours = repo.Diff(mergeBase, "master", new DiffOptions { IncludeKeys = false });
            var theirs = repo.Diff(mergeBase, "side", new DiffOptions { IncludeKeys = false });
            Recorder.Check(ours.Mutated == 1000 && ours.Added == 1000 && theirs.Mutated == 1000, "three-way diff counts");
        });
        var merged = rec.Time("merge3", 0, 3000, () => w.Merge("side"));
        Recorder.Check(merged.Status == MergeStatus.Merged, "three-way merge without conflicts");

        repo.Branches.Create("conflict");
        w.SwitchBranch("conflict");
        w.Column("/images").Add<byte>(0, Modified(rng, 0, 1, 3)[0].Data);
        w.Commit("conflict: change image 0");
        w.SwitchBranch("master");
        w.Column("/images").Add<byte>(0, Modified(rng, 0, 1, 5)[0].Data);
        w.Commit("master: change image 0");
        var conflict = w.Merge("conflict");
        Recorder.Check(conflict.Status == MergeStatus.Conflicts && conflict.Conflicts.Count == 1
            && conflict.Conflicts[0].Kind == ConflictKind.MutatedBoth, "conflicting merge is reported");
        w.AbortMerge();
        w.Dispose();

        long blobBytes = 0;
        var verify = rec.Time("verify", 0, 0, () => repo.Verify());
        blobBytes = verify.BlobBytes;
        Recorder.Check(verify.IsOk, "verify passes");
        rec.Results[^1] = rec.Results[^1] with { Bytes = blobBytes, Samples = verify.Blobs };
        rec.Record("disk_bytes", firstDisk, 2 * N);
        rec.Record("disk_bytes_final", Scratch.SizeOf(scratch.Dir), 0);
        return rec.Results;
    }

    private static List<(SampleKey Key, byte[] Data)> Modified(Random rng, int from, int to, int step)
    {
        var result = new List<(SampleKey, byte[])>();
        for (int i = from; result.Count < to - from; i += step)
        {
            var data = new byte[ImageSize];
            rng.NextBytes(data);
            result.Add((SampleKey.Of(i), data));
        }
        return result;
    }
}
