using System.Diagnostics.Metrics;
using Tessera.Remotes.Tests.Support;

namespace Tessera.Bench;

/// <summary>
/// The object-storage phases of workload "remote": the same push, clones and one-column fetch as
/// against the server, through an s3:// remote on s3rver and, where radosgw is installed, on a
/// throwaway Ceph RGW; besides the time, the bytes the storage really moved (pack, index and
/// whole-range bodies) as counted by the store's own metrics.
/// </summary>
internal static class WorkloadRemoteS3
{
    public static void Run(Recorder rec, Repository source, string scratch, long payload, ReadOnlySpan<byte> lastImage)
    {
        LocalS3Server.UseKeyPair();
        string root = WorkloadParquet.RepositoryRoot();
        using (var s3rver = LocalS3Server.StartS3rver(root))
            Phases(rec, "s3", s3rver, source, scratch, payload, lastImage);
        if (File.Exists("/usr/bin/radosgw"))
        {
            using var rgw = LocalS3Server.StartRgw(root);
            Phases(rec, "rgw", rgw, source, scratch, payload, lastImage);
        }
    }

    private static void Phases(Recorder rec, string name, LocalS3Server server, Repository source, string scratch, long payload, ReadOnlySpan<byte> lastImage)
    {
        const string bucket = "tessera";
        server.CreateBucket(bucket);
        var url = $"s3://{bucket}/workload-a";
        var options = new RemoteOptions { Endpoint = server.Endpoint };
        source.Remotes.Add(name, url, options);
        using var traffic = new StorageTraffic();

        var pushed = rec.Time($"{name}_push_full", payload, 2 * WorkloadA.N, () => source.Remotes.Push(new PushOptions { Remote = name }));
        Recorder.Check(pushed.Stats.Blobs == WorkloadA.N, "push sends every stored sample (the labels are inline)");
        rec.Record($"{name}_push_full_sent_bytes", traffic.Take().Sent, 0);

        using (var clone = rec.Time($"{name}_clone_full", payload, 2 * WorkloadA.N, () => Repository.Clone(url, Path.Combine(scratch, name + "-clone"), new CloneOptions { Remote = options })))
            Recorder.Check(clone.Checkout("main").Column("/images").Get(WorkloadA.N - 1).Bytes.Span.SequenceEqual(lastImage), "clone reads back");
        rec.Record($"{name}_clone_full_received_bytes", traffic.Take().Received, 0);

        using var partial = rec.Time($"{name}_clone_no_data", 0, 0,
            () => Repository.Clone(url, Path.Combine(scratch, name + "-partial"), new CloneOptions { NoData = true, Remote = options }));
        rec.Record($"{name}_clone_no_data_received_bytes", traffic.Take().Received, 0);
        var fetched = rec.Time($"{name}_fetch_data_one_column", WorkloadA.N * (long)WorkloadA.ImageSize, WorkloadA.N,
            () => partial.Remotes.FetchData(new FetchDataOptions { Path = "/images" }));
        Recorder.Check(fetched.Blobs == WorkloadA.N, $"only /images' samples were fetched ({fetched.Blobs})");
        rec.Record($"{name}_fetch_data_one_column_received_bytes", traffic.Take().Received, 0);
    }

    /// <summary>Sums the store's byte counters (meter <c>Tessera.ObjectStorage</c>) between two takes.</summary>
    private sealed class StorageTraffic : IDisposable
    {
        private readonly MeterListener listener = new();
        private long sent;
        private long received;

        public StorageTraffic()
        {
            this.listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Tessera.ObjectStorage")
                    l.EnableMeasurementEvents(instrument);
            };
            this.listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (instrument.Name.EndsWith("bytes_sent", StringComparison.Ordinal))
                    Interlocked.Add(ref this.sent, value);
                else if (instrument.Name.EndsWith("bytes_received", StringComparison.Ordinal))
                    Interlocked.Add(ref this.received, value);
            });
            this.listener.Start();
        }

        public (long Sent, long Received) Take() => (Interlocked.Exchange(ref this.sent, 0), Interlocked.Exchange(ref this.received, 0));

        public void Dispose() => this.listener.Dispose();
    }
}
