namespace Tessera;

/// <summary>
/// One side of an overlap check: a column as <paramref name="View"/> holds it (a commit, or the
/// staging area) and which of its keys to use (default all). In a nested column the selection
/// picks keys, each with all of its subkeys.
/// </summary>
public sealed record OverlapSide(IReadView View, string Path, KeySelection? Keys = null)
{
    public KeySelection Keys { get; init; } = Keys ?? KeySelection.All;
}

/// <summary>Options of <see cref="Overlap.Find"/>.</summary>
public sealed record OverlapOptions
{
    /// <summary>At most this many pairs are listed; the counts are always exact.</summary>
    public int MaxPairs { get; init; } = 100;
}

/// <summary>What one side of an overlap check holds.</summary>
/// <param name="Path">The column.</param>
/// <param name="Commit">The commit read; null for the staging area.</param>
/// <param name="Keys">The key selection, as <see cref="KeySelection.Description"/> says it.</param>
/// <param name="Samples">Samples the selection kept.</param>
/// <param name="Contents">Distinct contents among them (fewer than <paramref name="Samples"/> when the side repeats content, which is not leakage).</param>
/// <param name="SharedSamples">Samples of this side whose content the other side also has.</param>
public sealed record OverlapSideCounts(string Path, Commit? Commit, string Keys, long Samples, long Contents, long SharedSamples);

/// <summary>A sample of side A and a sample of side B with the same content (<paramref name="Id"/>); subkeys are set in nested columns.</summary>
public sealed record OverlapPair(SampleKey KeyA, SampleKey? SubkeyA, SampleKey KeyB, SampleKey? SubkeyB, ObjectId Id);

/// <summary>
/// The samples two sides have in common: <see cref="SharedContents"/> distinct contents are on
/// both sides, making <see cref="PairCount"/> pairs (a sample of A, a sample of B); the first
/// <see cref="OverlapOptions.MaxPairs"/> of them, in A's key order then B's, are in <see cref="Pairs"/>.
/// </summary>
public sealed record OverlapResult(OverlapSideCounts A, OverlapSideCounts B, long SharedContents, long PairCount, IReadOnlyList<OverlapPair> Pairs)
{
    public bool HasOverlap => this.SharedContents > 0;
}
