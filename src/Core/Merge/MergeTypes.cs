namespace Tessera;

/// <summary>How a merge resolves conflicts wholesale.</summary>
public enum MergeStrategy
{
    /// <summary>Stop with the conflicts staged for the user to resolve.</summary>
    Fail,
    /// <summary>Keep our side of every conflict.</summary>
    Ours,
    /// <summary>Take their side of every conflict.</summary>
    Theirs,
}

/// <summary>Which side a conflict resolution takes.</summary>
public enum MergeSide
{
    Ours,
    Theirs,
}

/// <summary>Options of <see cref="WriteCheckout.Merge"/>.</summary>
public sealed record MergeOptions
{
    public MergeStrategy Strategy { get; init; } = MergeStrategy.Fail;

    /// <summary>The merge commit's message; default "Merge 'X' into B".</summary>
    public string? Message { get; init; }

    /// <summary>Make a merge commit even when a fast-forward is possible.</summary>
    public bool NoFastForward { get; init; }

    public Signature? Author { get; init; }
}

/// <summary>How a merge ended.</summary>
public enum MergeStatus
{
    /// <summary>Nothing to merge: theirs is already in ours.</summary>
    UpToDate,
    /// <summary>The branch moved to their commit.</summary>
    FastForward,
    /// <summary>A merge commit with two parents was made.</summary>
    Merged,
    /// <summary>Conflicts are staged; resolve them and commit, or abort.</summary>
    Conflicts,
}

/// <summary>The outcome of a merge.</summary>
public sealed record MergeResult(MergeStatus Status, Commit? Commit, IReadOnlyList<Conflict> Conflicts);

/// <summary>The state of the write checkout. <c>MergeBase</c> is the common ancestor of a merge in progress (the base its conflicts were judged against).</summary>
public sealed record StatusResult(string Branch, Commit? Head, ObjectId? MergeHead, ObjectId? MergeBase, IReadOnlyList<Conflict> Conflicts, DiffResult Staged)
{
    /// <summary>An all-or-nothing operation (an import) that is running or was interrupted: its samples are not in <see cref="Staged"/>.</summary>
    public StagedOperationState? Operation { get; init; }

    /// <summary>HEAD is a read-only checkout of <see cref="Head"/> (a tag or commit), not <see cref="Branch"/>'s tip.</summary>
    public bool IsDetached { get; init; }
}
