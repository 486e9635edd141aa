namespace Tessera;

/// <summary>
/// The root of every failure Tessera reports. The message says what went wrong and what to do,
/// in words that fit every front end (API, CLI, MSBuild, editor); <see cref="Code"/> is stable and
/// maps one-to-one to CLI exit codes, and <see cref="Details"/> carries what a front end needs to
/// add its own advice (the CLI names the command to run).
/// </summary>
public class TesseraException : Exception
{
    private readonly Dictionary<ErrorDetail, string> details = [];

    public TesseraException(ErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => this.Code = code;

    public ErrorCode Code { get; }

    /// <summary>The names the failure is about: the branch, remote, path, revision ...</summary>
    public IReadOnlyDictionary<ErrorDetail, string> Details => this.details;

    internal void Add(ErrorDetail detail, string value) => this.details[detail] = value;
}

/// <summary>Sets <see cref="TesseraException.Details"/> where the exception is made, keeping its type.</summary>
public static class ErrorDetails
{
    public static T With<T>(this T exception, ErrorDetail detail, string value)
        where T : TesseraException
    {
        exception.Add(detail, value);
        return exception;
    }
}

/// <summary>The folder is not a Tessera repository, or its format is not one we read.</summary>
public sealed class RepositoryNotFoundException(string message) : TesseraException(ErrorCode.NotARepository, message);

/// <summary>A name, key, dtype, shape or other argument is not acceptable.</summary>
public sealed class InvalidInputException(ErrorCode code, string message) : TesseraException(code, message);

/// <summary>A node, key, ref or commit that was asked for does not exist.</summary>
public sealed class NotFoundException(ErrorCode code, string message) : TesseraException(code, message);

/// <summary>Another write checkout holds the writer lock.</summary>
public sealed class LockedException(string message, WriterLockInfo holder)
    : TesseraException(ErrorCode.WriterLockHeld, message)
{
    public WriterLockInfo Holder { get; } = holder;
}

/// <summary>The operation does not fit the repository's state (staged changes, merge in progress, ...).</summary>
public sealed class StateException(ErrorCode code, string message) : TesseraException(code, message);

/// <summary>A merge found conflicts and the strategy was <c>fail</c>.</summary>
public sealed class MergeConflictException(string message, IReadOnlyList<Conflict> conflicts)
    : TesseraException(ErrorCode.MergeConflict, message)
{
    public IReadOnlyList<Conflict> Conflicts { get; } = conflicts;
}

/// <summary>Stored bytes do not match their hash, or are truncated; never returned as data.</summary>
public sealed class CorruptObjectException(string message) : TesseraException(ErrorCode.CorruptObject, message)
{
    /// <summary>The advice that ends the message of damage found while reading; <c>verify</c>'s report leaves it out.</summary>
    public const string VerifyAdvice = "Verify the repository.";
}
