using System.Text.Json;

namespace Tessera.Lsp.JsonRpc;

/// <summary>
/// Reports <c>$/progress</c> for a request whose params carry a <c>workDoneToken</c> (LSP's
/// client-initiated work-done progress). Without a token every call is a no-op.
/// </summary>
public sealed class WorkDoneProgress
{
    private readonly JsonRpcConnection connection;
    private readonly string? tokenJson;

    private WorkDoneProgress(JsonRpcConnection connection, string? tokenJson)
    {
        this.connection = connection;
        this.tokenJson = tokenJson;
    }

    public static WorkDoneProgress For(JsonRpcConnection connection, JsonElement parameters) =>
        new(connection, parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("workDoneToken", out var token)
            && token.ValueKind is JsonValueKind.String or JsonValueKind.Number ? token.GetRawText() : null);

    public Task BeginAsync(string title) => this.SendAsync(w =>
    {
        w.WriteString("kind", "begin");
        w.WriteString("title", title);
        w.WriteBoolean("cancellable", true);
    });

    public Task ReportAsync(string message) => this.SendAsync(w =>
    {
        w.WriteString("kind", "report");
        w.WriteString("message", message);
    });

    public Task EndAsync(string message) => this.SendAsync(w =>
    {
        w.WriteString("kind", "end");
        w.WriteString("message", message);
    });

    private Task SendAsync(Action<Utf8JsonWriter> value)
    {
        if (this.tokenJson is null)
            return Task.CompletedTask;
        return this.connection.NotifyAsync("$/progress", w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("token");
            w.WriteRawValue(this.tokenJson);
            w.WriteStartObject("value");
            value(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
