namespace Tessera;

/// <summary>
/// Stable error codes. The number is the CLI exit code, and the kebab-case name
/// (<see cref="ErrorCodes.Name"/>) is what JSON output, the language server and
/// MSBuild diagnostics show. Never renumber: add new codes instead.
/// </summary>
public enum ErrorCode
{
    /// <summary>Anything not covered below; a bug to report.</summary>
    Internal = 1,
    /// <summary>Command-line usage is wrong (unknown option, missing argument).</summary>
    Usage = 2,

    NotARepository = 10,
    AlreadyARepository = 11,
    UnsupportedFormat = 12,

    InvalidName = 20,
    InvalidKey = 21,
    InvalidSchema = 22,
    DTypeMismatch = 23,
    ShapeMismatch = 24,
    InvalidArgument = 25,
    InvalidRevision = 26,
    OutOfBounds = 27,

    NodeNotFound = 30,
    NodeExists = 31,
    KeyNotFound = 32,
    RefNotFound = 33,
    AmbiguousRef = 34,
    RefExists = 35,
    CommitNotFound = 36,
    /// <summary>No remote of that name is configured.</summary>
    RemoteNotFound = 37,

    WriterLockHeld = 40,
    /// <summary>HEAD is a read-only checkout of a tag or commit: switch to a branch (or make one) to write.</summary>
    DetachedHead = 41,
    StagedChanges = 42,
    MergeInProgress = 43,
    NoMergeInProgress = 44,
    UnresolvedConflicts = 45,
    EmptyCommit = 46,
    UnmergedBranch = 47,
    CurrentBranch = 48,
    ConcurrentUpdate = 49,

    MergeConflict = 50,
    /// <summary>A push would drop commits the remote branch has: fetch and merge first, or force.</summary>
    NonFastForward = 51,

    CorruptObject = 60,
    MissingObject = 61,

    Io = 70,
    /// <summary>A remote cannot be reached, or answered with something other than what the protocol says.</summary>
    RemoteError = 71,
    /// <summary>A remote refused the credentials: no token, a wrong one, or one without write scope.</summary>
    AccessDenied = 72,

    /// <summary>git is missing, disabled, or the folder is not in a git work tree.</summary>
    GitUnavailable = 80,
    /// <summary><c>pin --check</c> found a broken or stale dataset pin.</summary>
    PinCheckFailed = 81,
    /// <summary><c>overlap</c> found samples whose content is on both sides (train/test leakage).</summary>
    OverlapFound = 82,
}

/// <summary>Names and helpers for <see cref="ErrorCode"/>.</summary>
public static class ErrorCodes
{
    /// <summary>The kebab-case name of a code, e.g. <c>writer-lock-held</c>.</summary>
    public static string Name(this ErrorCode code)
    {
        // "DType" is one word in names: dtype-mismatch, not d-type-mismatch.
        var text = code.ToString().Replace("DType", "Dtype", StringComparison.Ordinal);
        var sb = new System.Text.StringBuilder(text.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && !(char.IsUpper(text[i - 1]) && (i + 1 == text.Length || char.IsUpper(text[i + 1]))))
                    sb.Append('-');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>The process exit code a front end returns for this error.</summary>
    public static int ExitCode(this ErrorCode code) => (int)code;
}
