using System.Text.Json;

namespace Tessera.Lsp.JsonRpc;

/// <summary>
/// A failure a handler reports to the client as a JSON-RPC error object
/// <c>{code, message, data}</c>; <paramref name="data"/> writes the optional data value.
/// </summary>
public sealed class RpcException(int code, string message, Action<Utf8JsonWriter>? data = null) : Exception(message)
{
    public int Code { get; } = code;

    public Action<Utf8JsonWriter>? ErrorData { get; } = data;

    public static RpcException InvalidParams(string message) => new(RpcErrorCodes.InvalidParams, message);
}
