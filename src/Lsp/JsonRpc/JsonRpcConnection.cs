using System.Collections.Concurrent;
using System.Text.Json;

namespace Tessera.Lsp.JsonRpc;

/// <summary>
/// A JSON-RPC 2.0 endpoint over one framed stream pair. Notifications run in arrival order on the
/// read loop (so a document change is applied before the next request sees it); requests run
/// concurrently and can be cancelled with <c>$/cancelRequest</c>. Every malformed input gets a
/// JSON-RPC error and the loop goes on; only an unreadable frame header ends it.
/// </summary>
public sealed class JsonRpcConnection
{
    private readonly MessageReader reader;
    private readonly MessageWriter writer;
    private readonly TextWriter log;
    private readonly Dictionary<string, RequestHandler> requestHandlers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NotificationHandler> notificationHandlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> outgoing = new();
    private readonly CancellationTokenSource lifetime = new();
    private readonly int maxMessageBytes;
    private long nextOutgoingId;

    public JsonRpcConnection(Stream input, Stream output, TextWriter log, int maxMessageBytes = MessageReader.DefaultMaxMessageBytes)
    {
        this.reader = new MessageReader(input, maxMessageBytes);
        this.writer = new MessageWriter(output);
        this.log = log;
        this.maxMessageBytes = maxMessageBytes;
    }

    /// <summary>Decides whether a request may run now; an exception is sent back instead.</summary>
    public Func<string, RpcException?> RequestGate { get; set; } = _ => null;

    /// <summary>Decides whether a notification is handled now; refused ones are dropped.</summary>
    public Func<string, bool> NotificationGate { get; set; } = _ => true;

    /// <summary>Turns a handler's domain exception into an error reply; null leaves it an internal error.</summary>
    public Func<Exception, RpcException?> MapException { get; set; } = _ => null;

    /// <summary>Cancelled when the connection stops (exit, end of input, broken output).</summary>
    public CancellationToken Lifetime => this.lifetime.Token;

    public void OnRequest(string method, RequestHandler handler) => this.requestHandlers[method] = handler;

    public void OnNotification(string method, NotificationHandler handler) => this.notificationHandlers[method] = handler;

    /// <summary>Ends <see cref="RunAsync"/> after the message being handled.</summary>
    public void Stop() => this.lifetime.Cancel();

    public Task NotifyAsync(string method, Action<Utf8JsonWriter>? parameters) => this.writer.WriteAsync(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteString("method", method);
        if (parameters is not null)
        {
            w.WritePropertyName("params");
            parameters(w);
        }
        w.WriteEndObject();
    });

    /// <summary>Sends a request to the client and waits for its result.</summary>
    public async Task<JsonElement> RequestAsync(string method, Action<Utf8JsonWriter>? parameters, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref this.nextOutgoingId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        this.outgoing[id] = reply;
        try
        {
            await this.writer.WriteAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("jsonrpc", "2.0");
                w.WriteNumber("id", id);
                w.WriteString("method", method);
                if (parameters is not null)
                {
                    w.WritePropertyName("params");
                    parameters(w);
                }
                w.WriteEndObject();
            }).ConfigureAwait(false);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, this.Lifetime);
            return await reply.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            this.outgoing.TryRemove(id, out _);
        }
    }

    /// <summary>Reads and dispatches messages until <see cref="Stop"/>, the end of input, or a broken frame.</summary>
    public async Task RunAsync()
    {
        try
        {
            while (!this.lifetime.IsCancellationRequested && this.writer.IsConnected)
            {
                Frame frame;
                try
                {
                    // WaitAsync: some streams (a console's stdin) ignore the token while blocked in a read.
                    frame = await this.reader.ReadAsync(this.lifetime.Token).AsTask().WaitAsync(this.lifetime.Token).ConfigureAwait(false);
                }
                catch (InvalidDataException ex)
                {
                    this.log.WriteLine($"[rpc] unreadable frame, closing: {ex.Message}");
                    await this.SendErrorAsync(null, RpcErrorCodes.ParseError, ex.Message).ConfigureAwait(false);
                    return;
                }
                switch (frame.Kind)
                {
                    case FrameKind.EndOfStream:
                        this.log.WriteLine("[rpc] input closed");
                        return;
                    case FrameKind.TooLarge:
                        this.log.WriteLine($"[rpc] skipped a {frame.DeclaredLength}-byte message");
                        await this.SendErrorAsync(null, RpcErrorCodes.InvalidRequest,
                            $"The message is {frame.DeclaredLength} bytes; the limit is {this.maxMessageBytes} bytes.").ConfigureAwait(false);
                        break;
                    default:
                        await this.DispatchAsync(frame.Body!).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (this.lifetime.IsCancellationRequested)
        {
            // Stop() during a read: the normal way out after 'exit'.
        }
        finally
        {
            // Every running request's token is linked to this one. (Cancelling them one by one
            // raced with requests that finished and disposed theirs in the meantime.)
            this.lifetime.Cancel();
        }
    }

    private async Task DispatchAsync(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            await this.SendErrorAsync(null, RpcErrorCodes.ParseError, $"The message is not JSON: {ex.Message}").ConfigureAwait(false);
            return;
        }
        var message = document.RootElement;
        if (message.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            await this.SendErrorAsync(null, RpcErrorCodes.InvalidRequest, "A message must be a JSON object.").ConfigureAwait(false);
            return;
        }
        bool hasId = message.TryGetProperty("id", out var id);
        if (hasId && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
        {
            document.Dispose();
            await this.SendErrorAsync(null, RpcErrorCodes.InvalidRequest, "An id must be a string or a number.").ConfigureAwait(false);
            return;
        }
        if (!message.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            await this.SendErrorAsync(hasId ? id : null, RpcErrorCodes.InvalidRequest, "\"jsonrpc\": \"2.0\" is missing.").ConfigureAwait(false);
            document.Dispose();
            return;
        }
        if (!message.TryGetProperty("method", out var methodElement))
        {
            if (hasId)
                this.CompleteOutgoing(id, message);
            else
                await this.SendErrorAsync(null, RpcErrorCodes.InvalidRequest, "A message needs a method or an id.").ConfigureAwait(false);
            document.Dispose();
            return;
        }
        if (methodElement.ValueKind != JsonValueKind.String)
        {
            await this.SendErrorAsync(hasId ? id : null, RpcErrorCodes.InvalidRequest, "The method must be a string.").ConfigureAwait(false);
            document.Dispose();
            return;
        }
        string method = methodElement.GetString()!;
        var parameters = message.TryGetProperty("params", out var p) ? p : default;
        if (hasId)
        {
            await this.StartRequestAsync(document, id, method, parameters).ConfigureAwait(false);
            return;
        }
        using (document)
            this.HandleNotification(method, parameters);
    }

    private async Task StartRequestAsync(JsonDocument document, JsonElement id, string method, JsonElement parameters)
    {
        // Admission runs here on the read loop, so it sees the messages before it in order
        // (a request right behind 'initialize' is admitted once initialize is).
        string key = id.GetRawText();
        var refusal = this.RequestGate(method);
        if (!this.requestHandlers.TryGetValue(method, out var handler))
            refusal ??= new RpcException(RpcErrorCodes.MethodNotFound, $"Unhandled method {method}.");
        CancellationTokenSource? cancellation = null;
        if (refusal is null)
        {
            cancellation = CancellationTokenSource.CreateLinkedTokenSource(this.lifetime.Token);
            if (!this.running.TryAdd(key, cancellation))
            {
                cancellation.Dispose();
                refusal = new RpcException(RpcErrorCodes.InvalidRequest, $"A request with id {key} is still running.");
            }
        }
        if (refusal is not null)
        {
            using (document)
                await this.SendErrorAsync(id, refusal.Code, refusal.Message).ConfigureAwait(false);
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await this.AnswerAsync(id, method, handler!, parameters, cancellation!.Token).ConfigureAwait(false);
            }
            finally
            {
                this.running.TryRemove(key, out _);
                cancellation!.Dispose();
                document.Dispose();
            }
        });
    }

    private async Task AnswerAsync(JsonElement id, string method, RequestHandler handler, JsonElement parameters, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await handler(parameters, cancellationToken).ConfigureAwait(false);
            await this.writer.WriteAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("jsonrpc", "2.0");
                w.WritePropertyName("id");
                id.WriteTo(w);
                w.WritePropertyName("result");
                if (result is null)
                    w.WriteNullValue();
                else
                    result(w);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var error = this.ToRpcError(method, ex, cancellationToken);
            await this.SendErrorAsync(id, error.Code, error.Message, error.ErrorData).ConfigureAwait(false);
        }
    }

    private RpcException ToRpcError(string method, Exception ex, CancellationToken cancellationToken)
    {
        switch (ex)
        {
            case RpcException rpc:
                return rpc;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return new RpcException(RpcErrorCodes.RequestCancelled, $"{method} was cancelled.");
            case JsonException:
                // Params of the wrong shape fail to deserialize.
                return RpcException.InvalidParams($"Bad params for {method}: {ex.Message}");
            case var _ when this.MapException(ex) is { } mapped:
                return mapped;
            default:
                this.log.WriteLine($"[rpc] {method} failed: {ex}");
                return new RpcException(RpcErrorCodes.InternalError, $"{method} failed: {ex.Message}");
        }
    }

    private void HandleNotification(string method, JsonElement parameters)
    {
        if (method == "$/cancelRequest")
        {
            if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("id", out var id)
                && this.running.TryGetValue(id.GetRawText(), out var request))
            {
                try
                {
                    request.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The request finished between the lookup and the cancel.
                }
            }
            return;
        }
        if (!this.NotificationGate(method))
            return;
        if (!this.notificationHandlers.TryGetValue(method, out var handler))
        {
            if (!method.StartsWith("$/", StringComparison.Ordinal))
                this.log.WriteLine($"[rpc] ignored notification {method}");
            return;
        }
        try
        {
            handler(parameters);
        }
        catch (Exception ex)
        {
            // A notification has no reply to carry the error; the log is the only place for it.
            this.log.WriteLine($"[rpc] {method} failed: {ex}");
        }
    }

    private void CompleteOutgoing(JsonElement id, JsonElement message)
    {
        if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out long number) || !this.outgoing.TryRemove(number, out var reply))
        {
            this.log.WriteLine($"[rpc] response to unknown request {id.GetRawText()}");
            return;
        }
        if (message.TryGetProperty("error", out var error))
            reply.TrySetException(new RpcException(error.TryGetProperty("code", out var c) && c.TryGetInt32(out int code) ? code : RpcErrorCodes.InternalError,
                error.TryGetProperty("message", out var m) ? m.ToString() : "error"));
        else
            reply.TrySetResult(message.TryGetProperty("result", out var result) ? result.Clone() : default);
    }

    private Task SendErrorAsync(JsonElement? id, int code, string text, Action<Utf8JsonWriter>? data = null) => this.writer.WriteAsync(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WritePropertyName("id");
        if (id is { } value)
            value.WriteTo(w);
        else
            w.WriteNullValue();
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", text);
        if (data is not null)
        {
            w.WritePropertyName("data");
            data(w);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
