namespace Tessera;

/// <summary>
/// An all-or-nothing change of the staging area (an import, a stacked put): its samples are
/// staged only when it completes. One that was interrupted (its process died) leaves nothing
/// staged, and the next writer discards what it had written.
/// </summary>
public sealed record StagedOperation(string Description, int ProcessId, string Host, DateTimeOffset Started);
