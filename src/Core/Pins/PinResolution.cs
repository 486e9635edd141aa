namespace Tessera.Pins;

/// <summary>What a dataset pin resolved to: the full commit, the selected nodes, how far its branch moved on, and findings.</summary>
/// <param name="RepositoryPath">The repository folder, absolute.</param>
/// <param name="Commit">The pinned commit; null when it could not be found.</param>
/// <param name="CommitsBehind">Commits on the pin's branch after the pinned one; null without a branch or when it does not contain the commit.</param>
public sealed record PinResolution(
    DatasetPin Pin, string RepositoryPath, Commit? Commit, IReadOnlyList<PinnedNode> Nodes, int? CommitsBehind, IReadOnlyList<PinDiagnostic> Diagnostics)
{
    public bool HasErrors => this.Diagnostics.Any(d => d.IsError);

    /// <summary>Broken (an error) or stale (its branch moved on, or no longer holds it): what <c>pin --check</c> fails on.</summary>
    public bool NeedsAttention => this.Diagnostics.Any(d => d.IsError || d.Code is PinCodes.Stale or PinCodes.NotOnBranch);
}
