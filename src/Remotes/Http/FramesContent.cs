using System.Net;

namespace Tessera.Remotes;

/// <summary>
/// A request body that streams objects from a shared enumerator until it has written
/// <paramref name="maxBytes"/>, so one long stream of objects goes out as several bounded requests.
/// </summary>
internal sealed class FramesContent(IEnumerator<TransferObject> objects, long maxBytes, Action<TransferObject> sent) : HttpContent
{
    /// <summary>True once the enumerator has no more objects.</summary>
    public bool Exhausted { get; private set; }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        this.SerializeToStreamAsync(stream, context, cancellationToken).GetAwaiter().GetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        this.SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var writer = new FrameWriter(stream);
        long written = 0;
        while (written < maxBytes)
        {
            if (!objects.MoveNext())
            {
                this.Exhausted = true;
                break;
            }
            var obj = objects.Current;
            await writer.WriteAsync(obj, cancellationToken).ConfigureAwait(false);
            written += ObjectFrames.HeaderSize + obj.Data.Length;
            sent(obj);
        }
        await writer.EndAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
