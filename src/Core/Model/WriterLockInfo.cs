namespace Tessera;

/// <summary>Who holds the writer lock, and whether that process is gone (stale).</summary>
public sealed record WriterLockInfo(int ProcessId, string Host, DateTimeOffset Acquired, string Token, bool IsStale);
