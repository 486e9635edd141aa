using System.Diagnostics.Metrics;

namespace Tessera.Remotes.ObjectStorage;

/// <summary>
/// Requests and body bytes exchanged with object storage, published on the meter
/// <c>Tessera.ObjectStorage</c>, so what a push or fetch really moves (packs, indexes, whole
/// coalesced ranges) can be watched with any metrics listener; the benchmark reports them.
/// </summary>
internal static class ObjectStorageMetrics
{
    public const string MeterName = "Tessera.ObjectStorage";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("tessera.object_storage.requests", description: "S3 requests sent");
    private static readonly Counter<long> BytesSent = Meter.CreateCounter<long>("tessera.object_storage.bytes_sent", "By", "object bodies written");
    private static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>("tessera.object_storage.bytes_received", "By", "object bodies read");

    public static void Request() => Requests.Add(1);

    public static void Sent(long bytes) => BytesSent.Add(bytes);

    public static void Received(long bytes) => BytesReceived.Add(bytes);
}
