namespace Tessera.Formats.NumPy;

/// <summary>
/// A read-only, forward-only view of bytes <c>start .. start + length</c> of a seekable stream. It seeks before
/// each read, so several windows over one stream can be read in turn.
/// </summary>
internal sealed class StreamWindow(Stream inner, long start, long length) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => this.position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, length - this.position);
        if (count == 0)
            return 0;
        inner.Position = start + this.position;
        int read = inner.Read(buffer[..count]);
        this.position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
