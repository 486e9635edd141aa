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

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Not disposed: that would close the connection's stream under HttpClient.
        var buffered = new BufferedStream(stream, 1 << 18);
        long written = 0;
        while (written < maxBytes)
        {
            if (!objects.MoveNext())
            {
                this.Exhausted = true;
                break;
            }
            var obj = objects.Current;
            ObjectFrames.Write(buffered, obj);
            written += ObjectFrames.HeaderSize + obj.Data.Length;
            sent(obj);
        }
        ObjectFrames.WriteEnd(buffered);
        buffered.Flush();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        Task.Run(() => this.SerializeToStream(stream, context, CancellationToken.None));

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
