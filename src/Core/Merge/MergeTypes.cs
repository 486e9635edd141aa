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

    /// <summary>Stage their changes for one ordinary commit (one parent) instead of merging: nothing is committed.</summary>
    public bool Squash { get; init; }

    public Signature? Author { get; init; }
}

/// <summary>What a merge in progress makes when it is committed.</summary>
public enum MergeKind
{
    /// <summary>A merge commit with two parents: the branch tip and the merged commit.</summary>
    Merge,
    /// <summary>A commit with one parent applying another commit's changes (<c>cherry-pick</c>).</summary>
    CherryPick,
    /// <summary>A commit with one parent undoing another commit's changes (<c>revert</c>).</summary>
    Revert,
    /// <summary>A commit with one parent holding a branch's changes (<c>merge --squash</c>).</summary>
    Squash,
}

/// <summary>Names of <see cref="MergeKind"/> as the format, the CLI and JSON write them.</summary>
public static class MergeKinds
{
    public static string Name(this MergeKind kind) => kind switch
    {
        MergeKind.CherryPick => "cherry-pick",
        MergeKind.Revert => "revert",
        MergeKind.Squash => "squash",
        _ => "merge",
    };

    /// <summary>The kind a stored name stands for; an absent name is a plain merge (repositories made before the others existed).</summary>
    public static MergeKind Parse(string? name) => name switch
    {
        null or "" or "merge" => MergeKind.Merge,
        "cherry-pick" => MergeKind.CherryPick,
        "revert" => MergeKind.Revert,
        "squash" => MergeKind.Squash,
        _ => throw new CorruptObjectException($"The staging area names an unknown kind of merge '{name}'; discard it with 'reset'."),
    };
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
    /// <summary>Their changes are staged (a squash); commit them as one ordinary commit.</summary>
    Squashed,
}

/// <summary>The outcome of a merge.</summary>
public sealed record MergeResult(MergeStatus Status, Commit? Commit, IReadOnlyList<Conflict> Conflicts);

/// <summary>The state of the write checkout. <c>MergeBase</c> is the common ancestor of a merge in progress (the base its conflicts were judged against).</summary>
public sealed record StatusResult(string Branch, Commit? Head, ObjectId? MergeHead, ObjectId? MergeBase, IReadOnlyList<Conflict> Conflicts, DiffResult Staged)
{
    /// <summary>An all-or-nothing operation (an import) that is running or was interrupted: its samples are not in <see cref="Staged"/>.</summary>
    public StagedOperationState? Operation { get; init; }

    /// <summary>What the merge in progress makes when committed (meaningful only while <see cref="MergeHead"/> is set).</summary>
    public MergeKind MergeKind { get; init; }

    /// <summary>The commit a cherry-pick or revert in progress applies or undoes (its merge head is the side it goes to).</summary>
    public ObjectId? MergeSource { get; init; }

    /// <summary>HEAD is a read-only checkout of <see cref="Head"/> (a tag or commit), not <see cref="Branch"/>'s tip.</summary>
    public bool IsDetached { get; init; }
}
