namespace Tessera;

/// <summary>What <see cref="WriteCheckout.ResetTo"/> does with the staging area.</summary>
public enum ResetMode
{
    /// <summary>Keep what the branch held and what was staged: the difference to the new tip becomes staged changes.</summary>
    Soft,
    /// <summary>The staging area becomes the new tip; staged changes are discarded.</summary>
    Hard,
}

/// <summary>
/// A branch move: from <see cref="Old"/> to <see cref="New"/>. <see cref="Dropped"/> are the commits
/// that no branch, tag or remote-tracking branch holds any more (the ref log still names them, and
/// gc keeps them for 30 days, so the move can be undone).
/// </summary>
public sealed record BranchMove(string Branch, ObjectId? Old, Commit New, IReadOnlyList<Commit> Dropped);

/// <summary>Options of <see cref="WriteCheckout.CherryPick"/> and <see cref="WriteCheckout.Revert"/>.</summary>
public sealed record PickOptions
{
    /// <summary>For a merge commit: which parent (1-based) its changes are taken against, as git's <c>-m</c>.</summary>
    public int? Mainline { get; init; }
}

/// <summary>How a cherry-pick or revert ended.</summary>
public enum PickStatus
{
    /// <summary>Every commit was applied (or skipped as already applied).</summary>
    Done,
    /// <summary>Stopped at conflicts in <see cref="PickResult.Stopped"/>: resolve them and continue, or abort.</summary>
    Conflicts,
}

/// <summary>
/// The outcome of a cherry-pick or revert: the commits made, the source commits skipped because
/// they change nothing on this branch, and, when it stopped, the commit whose conflicts are staged
/// and the ones still to apply.
/// </summary>
public sealed record PickResult(
    MergeKind Kind,
    PickStatus Status,
    IReadOnlyList<Commit> Commits,
    IReadOnlyList<ObjectId> Skipped,
    ObjectId? Stopped,
    IReadOnlyList<Conflict> Conflicts,
    IReadOnlyList<ObjectId> Remaining);
