using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server;

namespace Tessera.Bench;

/// <summary>
/// Workload "remote": workload A's data (70,000 images and labels) pushed to and cloned from
/// <c>dotnet tensor serve</c> on 127.0.0.1: full push and clone, a clone without data, and a
/// fetch-data of one column, whose transferred bytes are checked to be that column's alone; then
/// the same against object storage (<see cref="WorkloadRemoteS3"/>).
/// </summary>
internal static class WorkloadRemote
{
    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("remote");
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
        Repository.Init(Path.Combine(served, "hub")).Dispose();
        using var source = Repository.Init(Path.Combine(scratch.Dir, "source"), new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using (var w = source.OpenWriter())
        {
            w.CreateColumn("/images", ColumnSchema.NDArray(DType.UInt8, WorkloadA.ImageSize)).AddRange<byte>(keys, images);
            w.CreateColumn("/labels", ColumnSchema.NDArray(DType.Int64, 1)).AddRange<long>(keys, labels);
            w.Commit("workload A");
        }

        using var app = TesseraServer.Build(new ServerOptions { Root = served, Urls = ["http://127.0.0.1:0"] });
        app.StartAsync().GetAwaiter().GetResult();
        try
        {
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hub";
            source.Remotes.Add("origin", url);
            var pushed = rec.Time("push_full", payload, 2 * WorkloadA.N, () => source.Remotes.Push());
            // The labels are inline samples (their 16-byte encodings are their ids): the pages carry them.
            Recorder.Check(pushed.Stats.Blobs == WorkloadA.N, "push sends every stored sample");
            rec.Record("push_full_wire_bytes", pushed.Stats.Bytes, 0);

            using (var clone = rec.Time("clone_full", payload, 2 * WorkloadA.N, () => Repository.Clone(url, Path.Combine(scratch.Dir, "clone"))))
            {
                var img = clone.Checkout("main").Column("/images");
                Recorder.Check(img.Get(WorkloadA.N - 1).Bytes.Span.SequenceEqual(images.AsSpan((WorkloadA.N - 1) * WorkloadA.ImageSize, WorkloadA.ImageSize)), "clone reads back");
            }

            using var partial = rec.Time("clone_no_data", 0, 0, () => Repository.Clone(url, Path.Combine(scratch.Dir, "partial"), new CloneOptions { NoData = true }));
            var fetched = rec.Time("fetch_data_one_column", images.Length, WorkloadA.N,
                () => partial.Remotes.FetchData(new FetchDataOptions { Path = "/images" }));
            // Each image crosses once, a 40-byte frame header, an 8-byte sample header and 784 bytes; nothing else does.
            Recorder.Check(fetched.Blobs == WorkloadA.N && fetched.Bytes == WorkloadA.N * (40L + 8 + WorkloadA.ImageSize), $"only /images crossed ({fetched.Bytes} bytes)");
            rec.Record("fetch_data_one_column_wire_bytes", fetched.Bytes, 0);
            WorkloadRemoteS3.Run(rec, source, scratch.Dir, payload, images.AsSpan((WorkloadA.N - 1) * WorkloadA.ImageSize, WorkloadA.ImageSize));
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
        }
        return rec.Results;
    }
}
