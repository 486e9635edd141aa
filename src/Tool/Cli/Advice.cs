namespace Tessera.Tool.Cli;

/// <summary>
/// The command to run next, for a failure: Core states the problem and what to do in words any
/// front end can use, and carries the names involved in <see cref="TesseraException.Details"/>;
/// the CLI adds the command line here, by <see cref="ErrorCode"/> and those details.
/// </summary>
internal static class Advice
{
    /// <summary>The advice for <paramref name="error"/>, or null when the message says all there is.</summary>
    public static string? For(TesseraException error)
    {
        string? Get(ErrorDetail detail) => error.Details.GetValueOrDefault(detail);
        string? area = Get(ErrorDetail.Area);
        string? wanted = Get(ErrorDetail.Wanted);
        return error.Code switch
        {
            ErrorCode.CorruptObject when area == "staging" => "Run 'dotnet tensor reset'.",
            ErrorCode.CorruptObject when area == "received" => "Run 'dotnet tensor verify' where it came from.",
            ErrorCode.CorruptObject => "Run 'dotnet tensor verify'.",
            ErrorCode.MissingObject => $"If this is a partial clone, fetch the data with '{FetchData(Get(ErrorDetail.Repository), Get(ErrorDetail.Revision), Get(ErrorDetail.Path))}'; otherwise run 'dotnet tensor verify'.",
            ErrorCode.RefNotFound when wanted == "branch" && Get(ErrorDetail.Revision) is { } revision =>
                $"Look at it read-only with 'dotnet tensor checkout {revision}', or start a branch there with 'dotnet tensor switch -c NAME {revision}'.",
            ErrorCode.RefNotFound when wanted == "branch" && Get(ErrorDetail.Branch) is { } branch =>
                $"Create it here with 'dotnet tensor switch -c {branch}', or list branches with 'dotnet tensor branch'.",
            ErrorCode.RefNotFound when Get(ErrorDetail.Branch) is not null => "List branches with 'dotnet tensor branch'.",
            ErrorCode.RefNotFound when Get(ErrorDetail.Revision) is not null => "List them with 'dotnet tensor branch' and 'dotnet tensor log'.",
            ErrorCode.RefExists when Get(ErrorDetail.Remote) is { } remote => $"Remove it with 'dotnet tensor remote rm {remote}'.",
            ErrorCode.RemoteNotFound when Get(ErrorDetail.Remote) is { } remote => $"Add it with 'dotnet tensor remote add {remote} URL'.",
            ErrorCode.NonFastForward when Get(ErrorDetail.Remote) is { } remote => $"Run 'dotnet tensor pull {remote}', then push again (or push --force).",
            ErrorCode.ConcurrentUpdate when wanted == "delete" && Get(ErrorDetail.Remote) is { } remote => $"See where it is now with 'dotnet tensor fetch {remote}'.",
            ErrorCode.ConcurrentUpdate when Get(ErrorDetail.Remote) is { } remote => $"Run 'dotnet tensor pull {remote}', then push again.",
            ErrorCode.CurrentBranch when Get(ErrorDetail.Remote) is not null => "Where that repository lives, switch it with 'dotnet tensor -C FOLDER switch BRANCH', then delete the branch again.",
            ErrorCode.CurrentBranch => "Switch with 'dotnet tensor switch BRANCH'.",
            ErrorCode.DetachedHead when Get(ErrorDetail.Branch) is { } branch =>
                $"Return to a branch with 'dotnet tensor switch {branch}', or start one here with 'dotnet tensor switch -c NAME'.",
            ErrorCode.MergeInProgress or ErrorCode.UnresolvedConflicts when Get(ErrorDetail.Operation) is "cherry-pick" or "revert" =>
                $"List the conflicts with 'dotnet tensor conflicts', resolve them with 'dotnet tensor resolve', then run {PickCommands(MergeKinds.Parse(Get(ErrorDetail.Operation))).Continue}; or {PickCommands(MergeKinds.Parse(Get(ErrorDetail.Operation))).Abort}.",
            ErrorCode.MergeInProgress => "Finish it with 'dotnet tensor resolve' and 'dotnet tensor commit', or abort it with 'dotnet tensor merge --abort'.",
            ErrorCode.UnresolvedConflicts => "List them with 'dotnet tensor conflicts', resolve with 'dotnet tensor resolve', or abort with 'dotnet tensor merge --abort'.",
            ErrorCode.InvalidArgument when wanted == "all-history" => "Add --all-history to purge them everywhere.",
            ErrorCode.InvalidArgument when wanted == "force" => "Add --force; then 'dotnet tensor push --force' publishes the purge.",
            ErrorCode.UnmergedBranch when wanted == "reset" && Get(ErrorDetail.Branch) is { } branch =>
                $"Keep them with 'dotnet tensor branch NAME {branch}' first, or add --force (undo later from 'dotnet tensor reflog').",
            ErrorCode.KeyNotFound when area == "conflicts" => "List them with 'dotnet tensor conflicts'.",
            ErrorCode.KeyNotFound when Get(ErrorDetail.Name) is { } split && Get(ErrorDetail.Group) is { } group =>
                $"Define it with 'dotnet tensor attrs set {group} splits '{{\"{split}\": \"0:1000\"}}''.",
            ErrorCode.KeyNotFound when Get(ErrorDetail.Path) is { } column => $"List its keys with 'dotnet tensor keys {column}'.",
            ErrorCode.StagedChanges => "Discard staged changes with 'dotnet tensor reset'.",
            ErrorCode.NodeNotFound => "List the nodes with 'dotnet tensor tree'.",
            ErrorCode.InvalidKey when area == "nested" => $"List its keys with 'dotnet tensor keys {Get(ErrorDetail.Path)}'.",
            ErrorCode.InvalidSchema when area == "nested" && Get(ErrorDetail.Path) is { } column =>
                $"List its keys with 'dotnet tensor keys {column}' and read a sample with 'dotnet tensor get {column} KEY/SUBKEY'.",
            ErrorCode.InvalidArgument when wanted == "column" => "List the columns with 'dotnet tensor column list'.",
            ErrorCode.InvalidArgument when wanted == "array" => "Export a column with 'dotnet tensor export npy'.",
            ErrorCode.InvalidArgument when area == "attribute" && Get(ErrorDetail.Path) is { } path && Get(ErrorDetail.Name) is { } key =>
                $"Fix it with 'dotnet tensor attrs set {path} {key} JSON', or remove it with 'dotnet tensor attrs rm {path} {key}'.",
            ErrorCode.NotARepository => "Create one with 'dotnet tensor init', or pass -C <dir>.",
            ErrorCode.AlreadyARepository => "Use 'dotnet tensor fetch' there.",
            ErrorCode.Io when area == "read-only" => "Clone it with 'dotnet tensor clone DIR NEW'.",
            ErrorCode.Io when area == "token" => "Fix the path with 'dotnet tensor remote rm' and 'remote add --token-file'.",
            ErrorCode.RemoteError when error.InnerException is HttpRequestException => "Start one there with 'dotnet tensor serve'.",
            _ when error is LockedException locked => Lock(locked.Holder),
            _ => null,
        };
    }

    /// <summary>The command lines that continue and abort a cherry-pick or revert in progress.</summary>
    public static (string Continue, string Abort) PickCommands(MergeKind kind) => kind == MergeKind.Revert
        ? ("'dotnet tensor revert --continue'", "'dotnet tensor revert --abort'")
        : ("'dotnet tensor cherry-pick --continue'", "'dotnet tensor cherry-pick --abort'");

    private static string FetchData(string? repository, string? revision, string? path) =>
        "dotnet tensor " + (repository is null ? "" : $"-C \"{repository}\" ") + "fetch-data"
        + (revision is null ? "" : $" --rev {revision}") + (path is null ? "" : $" --path {path}");

    /// <summary>A holder on this host is seen to run; one elsewhere only the user can declare gone.</summary>
    private static string Lock(WriterLockInfo holder) => string.Equals(holder.Host, Environment.MachineName, StringComparison.Ordinal)
        ? "'dotnet tensor lock status' shows the holder."
        : "If you know it is gone, run 'dotnet tensor lock release --force'.";
}
