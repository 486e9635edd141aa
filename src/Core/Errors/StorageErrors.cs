using Microsoft.Data.Sqlite;

namespace Tessera;

/// <summary>Recognizes failures of the disk and the file system underneath a repository, wherever they surface.</summary>
public static class StorageErrors
{
    private const int SqlitePermission = 3;
    private const int SqliteReadOnly = 8;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    /// <summary>True for "no space left on device" and "quota exceeded", from the file system or SQLite.</summary>
    public static bool IsDiskFull(Exception e) => e switch
    {
        SqliteException s => s.SqliteErrorCode == SqliteFull,
        IOException io => io.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027),
        _ => e.InnerException is { } inner && IsDiskFull(inner),
    };

    /// <summary>True when the repository's files may not be written (or opened) by this user, or live on a read-only mount.</summary>
    public static bool IsPermission(Exception e) => e switch
    {
        SqliteException s => s.SqliteErrorCode is SqlitePermission or SqliteReadOnly or SqliteCantOpen,
        UnauthorizedAccessException => true,
        IOException io => io.HResult is 13 or 30 or 1,
        _ => e.InnerException is { } inner && IsPermission(inner),
    };
}
