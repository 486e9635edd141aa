namespace Tessera.Lsp.JsonRpc;

/// <summary>The error codes of JSON-RPC 2.0 and the ones LSP 3.17 adds.</summary>
public static class RpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    /// <summary>A request arrived before <c>initialize</c>.</summary>
    public const int ServerNotInitialized = -32002;

    /// <summary>A request that is syntactically right but failed (LSP's RequestFailed): Tessera's errors.</summary>
    public const int RequestFailed = -32803;

    /// <summary>The client cancelled the request (<c>$/cancelRequest</c>).</summary>
    public const int RequestCancelled = -32800;
}
