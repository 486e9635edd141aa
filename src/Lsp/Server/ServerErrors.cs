using System.Data.Common;
using Tessera.Lsp.JsonRpc;

namespace Tessera.Lsp.Server;

/// <summary>
/// Maps failures of the engine to LSP's RequestFailed with <c>data: {code, exit}</c>, the names
/// and exit codes the CLI's JSON errors use. A database or file that cannot be read (deleted,
/// locked by another process) is an <c>io</c> error, not a crash.
/// </summary>
public static class ServerErrors
{
    public static RpcException? Map(Exception ex) => ex switch
    {
        TesseraException tessera => Failed(tessera.Code, tessera.Message),
        DbException or IOException or UnauthorizedAccessException or ObjectDisposedException =>
            Failed(ErrorCode.Io, $"The repository could not be read: {ex.Message}"),
        _ => null,
    };

    private static RpcException Failed(ErrorCode code, string message) => new(RpcErrorCodes.RequestFailed, message, w =>
    {
        w.WriteStartObject();
        w.WriteString("code", code.Name());
        w.WriteNumber("exit", code.ExitCode());
        w.WriteEndObject();
    });
}
