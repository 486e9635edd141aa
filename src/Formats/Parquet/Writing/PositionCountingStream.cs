namespace Tessera.Formats.Parquet.Writing;

/// <summary>
/// Appends to a stream that cannot seek (a pipe, a FIFO) and tells the position from the bytes written, which is all
/// the writer needs of it: page offsets, counted from where writing began.
/// </summary>
internal sealed class PositionCountingStream(Stream inner, bool leaveOpen) : Stream
{
    private long written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => this.written;

    public override long Position
    {
        get => this.written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        this.written += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
