namespace Tessera.Lsp.Pins;

/// <summary>
/// Diagnostic codes of dataset pins: TSR1xxx errors break the build, TSR2xxx warnings do not.
/// </summary>
public static class PinCodes
{
    public const string RepositoryNotFound = "TSR1001";
    public const string CommitNotFound = "TSR1002";
    public const string CommitAmbiguous = "TSR1003";
    public const string ColumnMissing = "TSR1004";
    public const string PinStale = "TSR2001";
    public const string MergeInProgress = "TSR2002";
}
