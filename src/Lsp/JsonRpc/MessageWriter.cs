using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tessera.Lsp.JsonRpc;

/// <summary>
/// Writes framed JSON messages. Handlers answer from several threads, so each frame is written
/// whole under a lock; a client that went away makes writes fail once and then quietly no-ops.
/// </summary>
public sealed class MessageWriter(Stream output)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool broken;

    /// <summary>False once a write failed because the other side closed the stream.</summary>
    public bool IsConnected => !this.broken;

    public async Task WriteAsync(Action<Utf8JsonWriter> message)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(body, Options))
            message(w);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.WrittenCount}\r\n\r\n"));
        await this.gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (this.broken)
                return;
            await output.WriteAsync(header).ConfigureAwait(false);
            await output.WriteAsync(body.WrittenMemory).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            this.broken = true;
        }
        finally
        {
            this.gate.Release();
        }
    }
}
