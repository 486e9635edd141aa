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
            if (invalidNext)
                throw new DecoderFallbackException("The input is not valid UTF-8.");
            if (end - start < 4 && !endOfStream)
                Refill();
            OperationStatus status = Utf8.ToUtf16(bytes.AsSpan(start, end - start), destination, out int read, out int written,
                replaceInvalidSequences: false, isFinalBlock: endOfStream);
            start += read;
            invalidNext = status == OperationStatus.InvalidData;
            if (written > 0 || (endOfStream && !invalidNext))
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
        bytes.AsSpan(start, end - start).CopyTo(bytes);
        end -= start;
        start = 0;
        int read = stream.ReadAtLeast(bytes.AsSpan(end), started ? 1 : 3, throwOnEndOfStream: false);
        endOfStream = read == 0 || (!started && read < 3);
        end += read;
        if (!started && bytes.AsSpan(0, end).StartsWith("\uFEFF"u8))
            start = 3;
        started = true;
    }
}
