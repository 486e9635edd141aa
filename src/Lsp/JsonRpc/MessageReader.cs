using System.Globalization;
using System.Text;

namespace Tessera.Lsp.JsonRpc;

/// <summary>What <see cref="MessageReader.ReadAsync"/> found next on the stream.</summary>
public enum FrameKind
{
    Message,
    /// <summary>The client closed the stream (possibly in the middle of a message).</summary>
    EndOfStream,
    /// <summary>A message over the size limit; its body was skipped so the next one can be read.</summary>
    TooLarge,
}

/// <summary>One framed message body, or why there is none.</summary>
public readonly record struct Frame(FrameKind Kind, byte[]? Body, long DeclaredLength);

/// <summary>
/// Reads LSP base-protocol frames: <c>Content-Length: N\r\n</c> (other headers ignored),
/// an empty line, then N bytes of UTF-8 JSON. Bodies over the limit are skipped, never buffered,
/// so one huge message cannot exhaust memory. Broken headers throw <see cref="InvalidDataException"/>:
/// without a length there is no way to find the next message.
/// </summary>
public sealed class MessageReader(Stream input, int maxMessageBytes = MessageReader.DefaultMaxMessageBytes)
{
    public const int DefaultMaxMessageBytes = 64 * 1024 * 1024;
    private const int MaxHeaderBytes = 8 * 1024;

    private readonly byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    public async ValueTask<Frame> ReadAsync(CancellationToken cancellationToken)
    {
        long? length = await this.ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
        if (length is not { } declared)
            return new Frame(FrameKind.EndOfStream, null, 0);
        if (declared > maxMessageBytes)
        {
            bool complete = await this.SkipAsync(declared, cancellationToken).ConfigureAwait(false);
            return new Frame(complete ? FrameKind.TooLarge : FrameKind.EndOfStream, null, declared);
        }
        var body = new byte[declared];
        int buffered = Math.Min(this.end - this.start, body.Length);
        this.buffer.AsSpan(this.start, buffered).CopyTo(body);
        this.start += buffered;
        int read = buffered;
        while (read < body.Length)
        {
            int n = await input.ReadAsync(body.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                return new Frame(FrameKind.EndOfStream, null, declared);
            read += n;
        }
        return new Frame(FrameKind.Message, body, declared);
    }

    /// <summary>The Content-Length of the next frame, or null at the end of the stream.</summary>
    private async ValueTask<long?> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int headerEnd = this.buffer.AsSpan(this.start, this.end - this.start).IndexOf("\r\n\r\n"u8);
            if (headerEnd >= 0)
            {
                string headers = Encoding.ASCII.GetString(this.buffer, this.start, headerEnd);
                this.start += headerEnd + 4;
                return ContentLength(headers);
            }
            if (this.end - this.start >= MaxHeaderBytes)
                throw new InvalidDataException($"No end of headers within {MaxHeaderBytes} bytes.");
            if (!await this.FillAsync(cancellationToken).ConfigureAwait(false))
                return null;
        }
    }

    private static long ContentLength(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (long.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long length))
                    return length;
                throw new InvalidDataException($"Bad Content-Length header '{line}'.");
            }
        }
        throw new InvalidDataException("A message has no Content-Length header.");
    }

    /// <summary>Reads more bytes behind the buffered ones; false at the end of the stream.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (this.start > 0)
        {
            this.buffer.AsSpan(this.start, this.end - this.start).CopyTo(this.buffer);
            this.end -= this.start;
            this.start = 0;
        }
        int n = await input.ReadAsync(this.buffer.AsMemory(this.end), cancellationToken).ConfigureAwait(false);
        this.end += n;
        return n > 0;
    }

    private async ValueTask<bool> SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (this.start == this.end && !await this.FillAsync(cancellationToken).ConfigureAwait(false))
                return false;
            int n = (int)Math.Min(count, this.end - this.start);
            this.start += n;
            count -= n;
        }
        return true;
    }
}
