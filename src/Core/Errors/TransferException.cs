namespace Tessera;

/// <summary>A transfer broke the protocol: a malformed, oversized or truncated stream. Nothing of the bad object is stored.</summary>
public sealed class TransferException(string message, bool oversized = false) : TesseraException(ErrorCode.RemoteError, message)
{
    /// <summary>True when the stream was refused for its size rather than its shape.</summary>
    public bool Oversized { get; } = oversized;
}
