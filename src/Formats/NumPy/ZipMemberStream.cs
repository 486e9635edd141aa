using Tessera.Formats.Compression;

namespace Tessera.Formats.NumPy;

/// <summary>
/// A zip member's content as it is read. It computes the CRC-32 of what passes and, on the read that reaches the size
/// the archive records, checks that the content ends there and that the CRC-32 matches before handing out those last
/// bytes: whoever reads a member to its end has read exactly the bytes that were archived, or gets an error.
/// Corrupt compressed data (an <see cref="InvalidDataException"/> from .NET) and every mismatch become an
/// <see cref="NpyFormatException"/> naming the member; <paramref name="checkedEnd"/> hears the outcome once.
/// </summary>
internal sealed class ZipMemberStream(Stream content, ZipEntryRecord entry, Action<NpyFormatException?> checkedEnd) : Stream
{
    private long position;
    private readonly System.IO.Hashing.Crc32 crc = new();
    private bool ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads the rest of the member, checking it as any read to the end does.</summary>
    public void ReadToEnd()
    {
        var buffer = new byte[1 << 16];
        while (Read(buffer) > 0)
        {
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (this.position == entry.Size)
        {
            End();
            return 0;
        }
        var target = buffer[..(int)Math.Min(buffer.Length, entry.Size - this.position)];
        if (target.IsEmpty)
            return 0;
        int read = ReadContent(target);
        if (read == 0)
            throw Fail($"its content ends after {this.position} of the {entry.Size} bytes the archive records");
        this.crc.Append(target[..read]);
        this.position += read;
        if (this.position == entry.Size)
            End();
        return read;
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
            content.Dispose();
        base.Dispose(disposing);
    }

    private void End()
    {
        if (this.ended)
            return;
        Span<byte> probe = stackalloc byte[1];
        if (ReadContent(probe) != 0)
            throw Fail($"its content goes on past the {entry.Size} bytes the archive records");
        uint crc = this.crc.GetCurrentHashAsUInt32();
        if (crc != entry.Crc32)
            throw Fail($"the CRC-32 of its content is {crc:x8}, the archive records {entry.Crc32:x8}");
        this.ended = true;
        checkedEnd(null);
    }

    private int ReadContent(Span<byte> buffer)
    {
        try
        {
            return content.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Fail(e.Message.TrimEnd('.'), e);
        }
    }

    private NpyFormatException Fail(string problem, Exception? inner = null)
    {
        string message = $"The .npz member '{entry.Name}' is corrupt: {problem}.";
        var error = inner is null ? new NpyFormatException(message) : new NpyFormatException(message, inner);
        checkedEnd(error);
        return error;
    }
}
