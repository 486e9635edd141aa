using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.Data;
using Tessera.MLNet;
using Tessera.Server;

namespace Tessera.Bench;

/// <summary>
/// Workload "loader": workload A's data (70,000 uint8 (784,) images and int64 labels) fed to
/// training. One shuffled epoch in batches of 64 (images and labels together, every key checked to
/// come once, bit for bit), the same from a partial clone of a repository served on 127.0.0.1 that
/// fetches as it reads (and its next epoch, read locally), one pass of an ML.NET row cursor through the IDataView adapter, the
/// loader's memory above the idle process, and every sample read into one
/// contiguous buffer (workload A's images, and workload B's 1,000 float32 (256, 256) samples).
/// </summary>
internal static class WorkloadLoader
{
    private const int BatchSize = 64;
    private const int Prefetch = 4;

    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("loader");
        var rng = new Random(seed);
        var images = new byte[WorkloadA.N * WorkloadA.ImageSize];
        rng.NextBytes(images);
        var labels = new long[WorkloadA.N];
        for (int i = 0; i < labels.Length; i++)
            labels[i] = rng.Next(10);
        long payload = images.Length + (labels.Length * 8L);
        var keys = Enumerable.Range(0, WorkloadA.N).Select(i => SampleKey.Of(i)).ToArray();

        using var scratch = new Scratch();
        var served = Path.Combine(scratch.Dir, "served");
        using var repo = Repository.Init(Path.Combine(served, "a"), new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using (var w = repo.OpenWriter())
        {
            w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, WorkloadA.ImageSize)).AddRange<byte>(keys, images);
            w.CreateColumn("/labels", ColumnSchema.NDArray(DType.Int64, 1)).AddRange<long>(keys, labels);
            w.Commit("workload A");
        }
        // A training loop that does not keep batches reuses their buffers (the recommended setting,
        // docs/training.md); the loader's default, a new buffer per batch, is measured beside it.
        var options = new DataLoaderOptions { Columns = ["/images", "/labels"], BatchSize = BatchSize, Shuffle = true, Seed = 7, Prefetch = Prefetch, ReuseBuffers = true };

        // Memory is the process's anonymous resident memory (/proc/self/status RssAnon): the packs are
        // read through memory maps, whose pages are the OS's file cache, shared and reclaimable, and
        // would otherwise count the dataset file itself.
        var head = repo.Checkout("HEAD");
        foreach (var (phase, o) in new[] { ("", options), ("_new_buffers", options with { ReuseBuffers = false }) })
        {
            var loader = new DataLoader(head, o);
            GC.Collect();
            long idle = AnonymousResident();
            long peak = idle;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            rec.Time("epoch_shuffled_b64" + phase, payload, WorkloadA.N, () => Epoch(loader, images, labels, () => peak = Math.Max(peak, AnonymousResident())));
            // The bench's own per-epoch check array (70,000 bools) is counted too.
            rec.Record($"loader{phase}_allocated_bytes", GC.GetTotalAllocatedBytes(precise: true) - allocated, 0);
            rec.Record($"loader{phase}_peak_above_idle_bytes", peak - idle, 0);
        }
        rec.Record("loader_bound_bytes", (Prefetch + 2L) * BatchSize * (WorkloadA.ImageSize + 8), 0);

        var dataView = head.ToDataView(new DataViewOptions { Columns = ["/images", "/labels"] });
        rec.Time("epoch_mlnet", payload, WorkloadA.N, () => RowCursorPass(dataView, images, labels));

        using (var app = TesseraServer.Build(new ServerOptions { Root = served, Urls = ["http://127.0.0.1:0"] }))
        {
            app.StartAsync().GetAwaiter().GetResult();
            try
            {
                var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/a";
                using var partial = Repository.Clone(url, Path.Combine(scratch.Dir, "partial"), new CloneOptions { NoData = true });
                var remote = new DataLoader(partial.Checkout("HEAD"), options with { FetchFrom = partial.Remotes.Samples("origin") });
                Recorder.Check(remote.Missing == WorkloadA.N, "the partial clone holds no images yet");
                rec.Time("epoch_shuffled_b64_partial_clone", payload, WorkloadA.N, () => Epoch(remote, images, labels, () => { }));
                rec.Time("epoch_shuffled_b64_partial_clone_next", payload, WorkloadA.N, () => Epoch(remote, images, labels, () => { }, epoch: 1));
            }
            finally
            {
                app.StopAsync().GetAwaiter().GetResult();
            }
        }

        var all = TouchedBuffer.Of<byte>(images.Length);
        var column = head.Column("/images");
        rec.Time("read_all_contiguous", images.Length, WorkloadA.N, () => column.ReadAll<byte>(all));
        Recorder.Check(all.AsSpan().SequenceEqual(images), "all images read back into one buffer");

        ReadAllLarge(rec, seed, scratch.Dir);
        return rec.Results;
    }

    private static long AnonymousResident()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>One epoch: every key once, every image and label bit for bit.</summary>
    private static void Epoch(DataLoader loader, byte[] images, long[] labels, Action sample, int epoch = 0)
    {
        var seen = new bool[WorkloadA.N];
        int count = 0;
        foreach (var batch in loader.Epoch(epoch))
        {
            var batchImages = batch.Span<byte>("/images");
            var batchLabels = batch.Span<long>("/labels");
            for (int i = 0; i < batch.Count; i++)
            {
                int key = (int)batch.Keys[i].Int;
                Recorder.Check(!seen[key], $"key {key} comes once");
                seen[key] = true;
                Recorder.Check(batchImages.Slice(i * WorkloadA.ImageSize, WorkloadA.ImageSize).SequenceEqual(images.AsSpan(key * WorkloadA.ImageSize, WorkloadA.ImageSize)), $"image {key}");
                Recorder.Check(batchLabels[i] == labels[key], $"label {key}");
            }
            count += batch.Count;
            if (batch.Index % 16 == 0)
                sample();
        }
        Recorder.Check(count == WorkloadA.N, $"the epoch has every sample ({count})");
    }

    /// <summary>One pass of an ML.NET row cursor over keys, images and labels: every row once, bit for bit.</summary>
    private static void RowCursorPass(TesseraDataView view, byte[] images, long[] labels)
    {
        var seen = new bool[WorkloadA.N];
        int count = 0;
        using var cursor = view.GetRowCursor(view.Schema);
        var keyGetter = cursor.GetGetter<long>(view.Schema[DataViewOptions.DefaultKeyColumn]);
        var imageGetter = cursor.GetGetter<VBuffer<byte>>(view.Schema["images"]);
        var labelGetter = cursor.GetGetter<VBuffer<long>>(view.Schema["labels"]);
        long key = 0;
        VBuffer<byte> image = default;
        VBuffer<long> label = default;
        while (cursor.MoveNext())
        {
            keyGetter(ref key);
            imageGetter(ref image);
            labelGetter(ref label);
            Recorder.Check(!seen[key], $"row {key} comes once");
            seen[key] = true;
            Recorder.Check(image.GetValues().SequenceEqual(images.AsSpan((int)key * WorkloadA.ImageSize, WorkloadA.ImageSize)), $"image {key}");
            Recorder.Check(label.GetValues()[0] == labels[key], $"label {key}");
            count++;
        }
        Recorder.Check(count == WorkloadA.N, $"the pass has every row ({count})");
    }

    /// <summary>Workload B's 1,000 float32 (256, 256) samples into one buffer.</summary>
    private static void ReadAllLarge(Recorder rec, int seed, string dir)
    {
        const int n = WorkloadB.N;
        int elements = WorkloadB.Side * WorkloadB.Side;
        var rng = new Random(seed);
        var values = new float[n * elements];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)rng.NextDouble();
        using var repo = Repository.Init(Path.Combine(dir, "b"), new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using (var w = repo.OpenWriter())
        {
            w.CreateColumn("/x", ColumnSchema.NDArray(DType.Float32, WorkloadB.Side, WorkloadB.Side))
                .AddRange<float>(Enumerable.Range(0, n).Select(i => SampleKey.Of(i)).ToArray(), values);
            w.Commit("workload B");
        }
        var all = TouchedBuffer.Of<float>(values.Length);
        var column = repo.Checkout("HEAD").Column("/x");
        rec.Time("read_all_contiguous_B", values.Length * 4L, n, () => column.ReadAll<float>(all));
        Recorder.Check(all.AsSpan().SequenceEqual(values), "all of workload B read back into one buffer");
    }
}
