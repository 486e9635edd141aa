namespace Tessera.Remotes;

/// <summary>
/// Writes object frames to a stream through one buffer, asynchronously: one write per buffer
/// rather than one per small object, and no thread blocked while the other side reads. Objects
/// of a buffer's size or more go out directly after their header.
/// </summary>
public sealed class FrameWriter(Stream stream) : IDisposable
{
    private const int BufferSize = 1 << 18;
    private readonly MemoryStream buffer = new(BufferSize + ObjectFrames.HeaderSize);

    /// <summary>Writes one object's frame.</summary>
    public async Task WriteAsync(TransferObject obj, CancellationToken cancellationToken = default)
    {
        if (obj.Data.Length >= BufferSize)
        {
            ObjectFrames.WriteHeader(this.buffer, obj);
            await this.DrainAsync(cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(obj.Data, cancellationToken).ConfigureAwait(false);
            return;
        }
        ObjectFrames.Write(this.buffer, obj);
        if (this.buffer.Length >= BufferSize)
            await this.DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the end marker and everything still buffered.</summary>
    public async Task EndAsync(CancellationToken cancellationToken = default)
    {
        ObjectFrames.WriteEnd(this.buffer);
        await this.DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => this.buffer.Dispose();

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await stream.WriteAsync(this.buffer.GetBuffer().AsMemory(0, (int)this.buffer.Length), cancellationToken).ConfigureAwait(false);
        this.buffer.SetLength(0);
    }
}
