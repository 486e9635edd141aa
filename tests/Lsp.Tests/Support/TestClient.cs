using System.IO.Pipes;
using System.Text;
using System.Text.Json;
using Tessera.Lsp.JsonRpc;
using Tessera.Lsp.Server;

namespace Tessera.Lsp.Tests.Support;

/// <summary>
/// Talks raw JSON-RPC to a server in this process over OS pipes: frames what it is given (or
/// sends bytes as they are), and waits for matching messages with a timeout so a silent server
/// fails the test instead of hanging it.
/// </summary>
public sealed class TestClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly AnonymousPipeServerStream toServer = new(PipeDirection.Out);
    private readonly AnonymousPipeServerStream fromServer = new(PipeDirection.In);
    private readonly AnonymousPipeClientStream serverInput;
    private readonly AnonymousPipeClientStream serverOutput;
    private readonly MessageReader reader;
    private readonly List<JsonElement> unclaimed = [];
    private readonly Func<Task<int>> run;
    private Task<int>? running;
    private IDisposable? server;

    private TestClient(Func<Stream, Stream, Func<Task<int>>> start)
    {
        this.serverInput = new AnonymousPipeClientStream(PipeDirection.In, this.toServer.ClientSafePipeHandle);
        this.serverOutput = new AnonymousPipeClientStream(PipeDirection.Out, this.fromServer.ClientSafePipeHandle);
        this.reader = new MessageReader(this.fromServer);
        this.run = start(this.serverInput, this.serverOutput);
    }

    public StringWriter Log { get; } = new();

    /// <summary>Tessera's language server.</summary>
    public static TestClient ForServer(int maxMessageBytes = MessageReader.DefaultMaxMessageBytes)
    {
        LanguageServer? server = null;
        var client = new TestClient((input, output) => () => server!.RunAsync());
        server = new LanguageServer(client.serverInput, client.serverOutput, client.Log, maxMessageBytes);
        client.server = server;
        client.running = Task.Run(client.run);
        return client;
    }

    /// <summary>A bare JSON-RPC connection with the handlers <paramref name="setup"/> registers.</summary>
    public static TestClient ForConnection(Action<JsonRpcConnection> setup, int maxMessageBytes = MessageReader.DefaultMaxMessageBytes)
    {
        var client = new TestClient((input, output) =>
        {
            var connection = new JsonRpcConnection(input, output, TextWriter.Null, maxMessageBytes);
            setup(connection);
            return async () =>
            {
                await connection.RunAsync();
                return 0;
            };
        });
        client.running = Task.Run(client.run);
        return client;
    }

    /// <summary>Completes with the server's exit code when its loop ends.</summary>
    public Task<int> Stopped => this.running!.WaitAsync(Timeout);

    public async Task SendRawAsync(byte[] bytes)
    {
        await this.toServer.WriteAsync(bytes);
        await this.toServer.FlushAsync();
    }

    public Task SendAsync(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return this.SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);
    }

    public Task NotifyAsync(string method, object? parameters = null) =>
        this.SendAsync(JsonSerializer.Serialize(new { jsonrpc = "2.0", method, @params = parameters }));

    /// <summary>Sends a request and returns its response (result or error).</summary>
    public async Task<JsonElement> RequestAsync(int id, string method, object? parameters = null)
    {
        await this.SendAsync(JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params = parameters }));
        return await this.ResponseAsync(id);
    }

    public async Task<JsonElement> InitializeAsync(string? workspace = null)
    {
        var result = await this.RequestAsync(0, "initialize", new { processId = (int?)null, rootUri = workspace is null ? null : new Uri(workspace).AbsoluteUri, capabilities = new { } });
        await this.NotifyAsync("initialized", new { });
        return result;
    }

    public Task<JsonElement> ResponseAsync(int? id) =>
        this.NextAsync(m => m.TryGetProperty("id", out var i) && (id is null ? i.ValueKind == JsonValueKind.Null : i.ValueKind == JsonValueKind.Number && i.GetInt32() == id));

    public Task<JsonElement> NotificationAsync(string method, Func<JsonElement, bool>? match = null) =>
        this.NextAsync(m => m.TryGetProperty("method", out var name) && name.GetString() == method && (match is null || match(m.GetProperty("params"))));

    /// <summary>The first message (already received or next) that matches; others are kept for later calls.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match)
    {
        int index = this.unclaimed.FindIndex(m => match(m));
        if (index >= 0)
        {
            var found = this.unclaimed[index];
            this.unclaimed.RemoveAt(index);
            return found;
        }
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var frame = await this.reader.ReadAsync(deadline.Token).AsTask().WaitAsync(deadline.Token);
            if (frame.Kind != FrameKind.Message)
                throw new EndOfStreamException("The server closed its output.");
            var message = JsonDocument.Parse(frame.Body).RootElement.Clone();
            if (match(message))
                return message;
            this.unclaimed.Add(message);
        }
    }

    /// <summary>Closes the server's input, as a client that disappears does.</summary>
    public void CloseInput() => this.toServer.Dispose();

    public async ValueTask DisposeAsync()
    {
        this.toServer.Dispose();
        try
        {
            await this.Stopped;
        }
        catch (TimeoutException)
        {
            // Reported by the test that expected the stop; here only the pipes are released.
        }
        this.server?.Dispose();
        this.serverInput.Dispose();
        this.serverOutput.Dispose();
        this.fromServer.Dispose();
    }
}
