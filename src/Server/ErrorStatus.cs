using Microsoft.AspNetCore.Http;

namespace Tessera.Server;

/// <summary>The HTTP status and error code a failure is answered with.</summary>
internal static class ErrorStatus
{
    public static (int Status, ErrorCode Code) Of(Exception ex) => ex switch
    {
        TransferException { Oversized: true } t => (StatusCodes.Status413PayloadTooLarge, t.Code),
        BadHttpRequestException b => (b.StatusCode, ErrorCode.RemoteError),
        StateException s => (StatusCodes.Status409Conflict, s.Code),
        LockedException l => (StatusCodes.Status409Conflict, l.Code),
        NotFoundException n => (StatusCodes.Status404NotFound, n.Code),
        RepositoryNotFoundException r => (StatusCodes.Status404NotFound, r.Code),
        TesseraException { Code: ErrorCode.AccessDenied } a => (StatusCodes.Status403Forbidden, a.Code),
        TesseraException { Code: ErrorCode.Internal or ErrorCode.Io } t => (StatusCodes.Status500InternalServerError, t.Code),
        TesseraException t => (StatusCodes.Status400BadRequest, t.Code),
        System.Text.Json.JsonException => (StatusCodes.Status400BadRequest, ErrorCode.RemoteError),
        IOException => (StatusCodes.Status400BadRequest, ErrorCode.RemoteError),
        _ => (StatusCodes.Status500InternalServerError, ErrorCode.Internal),
    };
}
