namespace Tessera.Pins;

public enum PinSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One finding about a dataset pin: a stable code (TSR1xxx errors, TSR2xxx warnings), a message that says
/// how to fix it in words of no front end, and the names a front end needs to add its own advice.
/// </summary>
public sealed record PinDiagnostic(string Code, PinSeverity Severity, string Message)
{
    public bool IsError => this.Severity == PinSeverity.Error;

    /// <summary>What the finding is about: the dataset, its repository, branch, commit.</summary>
    public IReadOnlyDictionary<ErrorDetail, string> Details { get; private init; } = new Dictionary<ErrorDetail, string>();

    public PinDiagnostic With(ErrorDetail detail, string value) =>
        this with { Details = new Dictionary<ErrorDetail, string>(this.Details) { [detail] = value } };

    public static PinDiagnostic Error(string code, string message) => new(code, PinSeverity.Error, message);

    public static PinDiagnostic Warning(string code, string message) => new(code, PinSeverity.Warning, message);
}

/// <summary>
/// The diagnostic codes of dataset pins, shared by the MSBuild tasks, <c>dotnet tensor pin --check</c>
/// and the language server. Never renumber; docs/msbuild.md lists each one.
/// </summary>
public static class PinCodes
{
    /// <summary>The pin's repository folder is missing or is not a Tessera repository.</summary>
    public const string RepositoryNotFound = "TSR1001";

    /// <summary>The pinned commit is not in the repository.</summary>
    public const string CommitNotFound = "TSR1002";

    /// <summary>A listed column (or array, or group) is not in the pinned commit.</summary>
    public const string ColumnMissing = "TSR1003";

    /// <summary>The pin lacks Repository or Commit, or its name is not usable.</summary>
    public const string InvalidPin = "TSR1004";

    /// <summary>The abbreviated commit matches several commits.</summary>
    public const string AmbiguousCommit = "TSR1005";

    /// <summary>VerifyData found pinned data that is corrupt or missing.</summary>
    public const string CorruptData = "TSR1006";

    /// <summary>Two pins of one project have the same name.</summary>
    public const string DuplicateName = "TSR1007";

    /// <summary>Materializing the pinned data into the output folder failed.</summary>
    public const string MaterializeFailed = "TSR1008";

    /// <summary>The pin's branch has moved past the pinned commit.</summary>
    public const string Stale = "TSR2001";

    /// <summary>The pin's branch has a merge in progress.</summary>
    public const string MergeInProgress = "TSR2002";

    /// <summary>The pin's branch does not exist, or no longer contains the pinned commit.</summary>
    public const string NotOnBranch = "TSR2003";

    /// <summary>Every code, for documentation checks.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        RepositoryNotFound, CommitNotFound, ColumnMissing, InvalidPin, AmbiguousCommit, CorruptData, DuplicateName, MaterializeFailed,
        Stale, MergeInProgress, NotOnBranch,
    ];
}
