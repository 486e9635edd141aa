using Tessera.Lsp.Protocol;

namespace Tessera.Lsp.Pins;

/// <summary>LSP severities the pin problems use.</summary>
public enum PinSeverity
{
    Error = 1,
    Warning = 2,
}

public sealed record PinProblem(string Code, PinSeverity Severity, string Message, LspRange Range);

/// <summary>
/// What a pin resolves to: the repository and commit (null when they cannot be found), the branch
/// it follows with how far the pin is behind its tip, and what is wrong with it.
/// </summary>
public sealed record PinState(
    PinSite Site,
    Repository? Repository,
    Commit? Commit,
    Branch? Branch,
    int CommitsBehind,
    IReadOnlyList<PinProblem> Problems);
