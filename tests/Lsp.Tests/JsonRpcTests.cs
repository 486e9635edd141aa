using System.Text;
using System.Text.Json;
using Tessera.Lsp.JsonRpc;
using Tessera.Lsp.Tests.Support;

namespace Tessera.Lsp.Tests;

/// <summary>The JSON-RPC layer in process: framing, dispatch, every error case, cancellation.</summary>
public sealed class JsonRpcTests
{
    private static readonly Action<JsonRpcConnection> Echo = rpc =>
    {
        rpc.OnRequest("test/echo", (p, _) => Task.FromResult<Action<Utf8JsonWriter>?>(w => p.WriteTo(w)));
        rpc.OnRequest("test/wait", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        rpc.OnRequest("test/throw", (_, _) => throw new InvalidOperationException("boom"));
    };

    [Fact]
    public async Task Reader_reads_frames_split_anywhere_and_ignores_other_headers()
    {
        var body = "{\"a\":\"é\"}"u8.ToArray();
        var bytes = Encoding.ASCII.GetBytes($"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: {body.Length}\r\n\r\n")
            .Concat(body).Concat(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n")).Concat(body).ToArray();
        var reader = new MessageReader(new OneByteStream(bytes));
        for (int i = 0; i < 2; i++)
        {
            var frame = await reader.ReadAsync(CancellationToken.None);
            Assert.Equal(FrameKind.Message, frame.Kind);
            Assert.Equal(body, frame.Body);
        }
        Assert.Equal(FrameKind.EndOfStream, (await reader.ReadAsync(CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Reader_rejects_a_frame_without_content_length()
    {
        var reader = new MessageReader(new MemoryStream("Content-Type: x\r\n\r\n{}"u8.ToArray()));
        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Malformed_json_gets_a_parse_error_and_the_loop_goes_on()
    {
        await using var client = TestClient.ForConnection(Echo);
        await client.SendAsync("{\"jsonrpc\": \"2.0\", \"id\": 1, ");
        Assert.Equal(-32700, ErrorCode(await client.ResponseAsync(null)));
        var echoed = await client.RequestAsync(2, "test/echo", new { x = 1 });
        Assert.Equal(1, echoed.GetProperty("result").GetProperty("x").GetInt32());
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"id\": 3, \"method\": \"test/echo\"}")]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"test/echo\"}")]
    [InlineData("{\"jsonrpc\": \"2.0\", \"method\": 7}")]
    public async Task Invalid_requests_get_invalid_request(string message)
    {
        await using var client = TestClient.ForConnection(Echo);
        await client.SendAsync(message);
        Assert.Equal(-32600, ErrorCode(await client.NextAsync(m => m.TryGetProperty("error", out _))));
    }

    [Fact]
    public async Task Unknown_methods_and_failing_handlers_get_their_codes()
    {
        await using var client = TestClient.ForConnection(Echo);
        await client.NotifyAsync("test/unknown-notification");
        Assert.Equal(-32601, ErrorCode(await client.RequestAsync(1, "test/nope")));
        var failed = await client.RequestAsync(2, "test/throw");
        Assert.Equal(-32603, ErrorCode(failed));
        Assert.Contains("boom", failed.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_huge_message_is_skipped_with_an_error_and_the_next_one_is_served()
    {
        await using var client = TestClient.ForConnection(Echo, maxMessageBytes: 1024);
        await client.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/echo\",\"params\":{{\"s\":\"{new string('x', 100_000)}\"}}}}");
        var error = await client.ResponseAsync(null);
        Assert.Equal(-32600, ErrorCode(error));
        Assert.Contains("limit is 1024 bytes", error.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("y", (await client.RequestAsync(2, "test/echo", new { s = "y" })).GetProperty("result").GetProperty("s").GetString());
    }

    [Fact]
    public async Task Cancelling_a_running_request_answers_request_cancelled()
    {
        await using var client = TestClient.ForConnection(Echo);
        await client.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":\"w\",\"method\":\"test/wait\"}");
        await client.NotifyAsync("$/cancelRequest", new { id = "w" });
        var cancelled = await client.NextAsync(m => m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == "w");
        Assert.Equal(-32800, ErrorCode(cancelled));
        Assert.Equal(5, (await client.RequestAsync(5, "test/echo", new { })).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task The_loop_ends_when_the_client_disappears_even_with_a_request_running()
    {
        await using var client = TestClient.ForConnection(Echo);
        await client.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/wait\"}");
        client.CloseInput();
        Assert.Equal(0, await client.Stopped);
    }

    [Fact]
    public async Task A_broken_header_ends_the_loop_after_a_parse_error()
    {
        await using var client = TestClient.ForConnection(Echo);
        await client.SendRawAsync("Content-Length: lots\r\n\r\n{}"u8.ToArray());
        Assert.Equal(-32700, ErrorCode(await client.ResponseAsync(null)));
        Assert.Equal(0, await client.Stopped);
    }

    private static int ErrorCode(JsonElement response) => response.GetProperty("error").GetProperty("code").GetInt32();

    /// <summary>Returns one byte per read, so frames arrive split at every possible point.</summary>
    private sealed class OneByteStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
