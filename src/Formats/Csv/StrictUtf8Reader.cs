using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Tessera.Formats.Csv;

/// <summary>
/// Decodes a UTF-8 stream into chars chunk by chunk, skipping an initial BOM. Invalid UTF-8 is reported only once
/// every valid char before it has been handed out, so the caller knows exactly where the input went wrong
/// (a <see cref="StreamReader"/> fails for its whole buffer at once).
/// </summary>
internal sealed class StrictUtf8Reader(Stream stream, bool leaveOpen) : IDisposable
{
    private readonly byte[] bytes = new byte[64 * 1024];
    private int start;
    private int end;
    private bool endOfStream;
    private bool invalidNext;
    private bool started;

    /// <summary>Decodes into <paramref name="destination"/>; 0 at the end of the input.</summary>
    /// <exception cref="DecoderFallbackException">The next bytes are not valid UTF-8.</exception>
    public int Read(Span<char> destination)
    {
        while (true)
        {
            if (this.invalidNext)
                throw new DecoderFallbackException("The input is not valid UTF-8.");
            if (this.end - this.start < 4 && !this.endOfStream)
                Refill();
            OperationStatus status = Utf8.ToUtf16(this.bytes.AsSpan(this.start, this.end - this.start), destination, out int read, out int written,
                replaceInvalidSequences: false, isFinalBlock: this.endOfStream);
            this.start += read;
            this.invalidNext = status == OperationStatus.InvalidData;
            if (written > 0 || (this.endOfStream && !this.invalidNext))
                return written;
        }
    }

    public void Dispose()
    {
        if (!leaveOpen)
            stream.Dispose();
    }

    private void Refill()
    {
        this.bytes.AsSpan(this.start, this.end - this.start).CopyTo(this.bytes);
        this.end -= this.start;
        this.start = 0;
        int read = stream.ReadAtLeast(this.bytes.AsSpan(this.end), this.started ? 1 : 3, throwOnEndOfStream: false);
        this.endOfStream = read == 0 || (!this.started && read < 3);
        this.end += read;
        if (!this.started && this.bytes.AsSpan(0, this.end).StartsWith("\uFEFF"u8))
            this.start = 3;
        this.started = true;
    }
}
