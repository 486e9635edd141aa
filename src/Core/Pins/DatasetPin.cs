namespace Tessera.Pins;

/// <summary>
/// One <c>&lt;TensorDataset&gt;</c> item: a dataset commit a project builds against. Paths are as
/// written in the project; <see cref="PinResolver"/> reads them relative to the project's folder.
/// </summary>
/// <param name="Name">The item's Include: names the generated constants and the materialized folder.</param>
/// <param name="Repository">The repository folder.</param>
/// <param name="Commit">A commit id (abbreviations of ≥ 4 hex digits work); branch and tag names are refused, since they move.</param>
/// <param name="Branch">When set, the branch the pin follows: a warning tells when its tip moves on.</param>
/// <param name="Columns">Node paths (leading '/' optional) to check and to materialize; a group stands for everything in it; empty means all.</param>
public sealed record DatasetPin(string Name, string? Repository, string? Commit, string? Branch, IReadOnlyList<string> Columns)
{
    public bool VerifyData { get; init; }

    public bool Materialize { get; init; }

    /// <summary>Splits MSBuild's <c>a;b</c> list form (spaces and empty entries ignored).</summary>
    public static IReadOnlyList<string> ParseColumns(string? text) =>
        (text ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
