namespace Tessera;

/// <summary>
/// What a <see cref="TesseraException"/> is about, as data: a front end composes its own advice
/// from the code and these (the CLI names a command, an editor a quick fix) instead of parsing the message.
/// </summary>
public enum ErrorDetail
{
    /// <summary>A branch name.</summary>
    Branch,

    /// <summary>A revision as the user wrote it (branch, tag, commit id, <c>HEAD~2</c>).</summary>
    Revision,

    /// <summary>The short id of a commit that exists (for instance the one a revision names).</summary>
    Commit,

    /// <summary>A remote name.</summary>
    Remote,

    /// <summary>A node path.</summary>
    Path,

    /// <summary>The group a path's parent is, where the problem is to be fixed (e.g. where an attribute belongs).</summary>
    Group,

    /// <summary>The name of something asked for or at fault (a split, an attribute key).</summary>
    Name,

    /// <summary>The root folder of a repository (for a dataset pin: its Repository, as the project writes it).</summary>
    Repository,

    /// <summary>The name of a dataset pin.</summary>
    Dataset,

    /// <summary>
    /// The part of the repository the problem is in, when not its objects: <c>staging</c> (discard it),
    /// <c>received</c> (a transferred object), <c>conflicts</c> (a merge's), <c>nested</c> (a KEY/SUBKEY column),
    /// <c>attribute</c>, <c>read-only</c> (the repository), <c>token</c> (a remote's token file).
    /// </summary>
    Area,

    /// <summary>The kind of thing the operation needs there instead (<c>branch</c>, <c>column</c>, <c>array</c>).</summary>
    Wanted,

    /// <summary>The merge in progress: <c>merge</c>, <c>cherry-pick</c>, <c>revert</c> or <c>squash</c> (what finishes or aborts it).</summary>
    Operation,
}
