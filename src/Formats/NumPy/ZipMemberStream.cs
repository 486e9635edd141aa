namespace Tessera.Formats.NumPy;

/// <summary>
/// A read-only view of a zip member that reports corrupt compressed data (which .NET signals with
/// <see cref="InvalidDataException"/>) as an <see cref="NpyFormatException"/> naming the member.
/// </summary>
internal sealed class ZipMemberStream(Stream inner, string memberName) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new NpyFormatException($"The .npz member '{memberName}' is corrupt: {e.Message}", e);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
