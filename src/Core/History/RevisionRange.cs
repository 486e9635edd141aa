namespace Tessera;

/// <summary>
/// A revision range as git writes it: <c>A..B</c> (what B has that A has not; for a diff, A against
/// B) or <c>A...B</c> (what either has that the other has not; for a diff, their merge base
/// against B). An empty side means HEAD.
/// </summary>
public sealed record RevisionRange(string From, string To, bool Symmetric)
{
    /// <summary>The range <paramref name="text"/> names, or null when it is a single revision.</summary>
    public static RevisionRange? TryParse(string? text)
    {
        if (text is null)
            return null;
        int at = text.IndexOf("..", StringComparison.Ordinal);
        if (at < 0)
            return null;
        bool symmetric = text.AsSpan(at).StartsWith("...");
        string from = text[..at], to = text[(at + (symmetric ? 3 : 2))..];
        if (to.Contains("..", StringComparison.Ordinal))
            throw new InvalidInputException(ErrorCode.InvalidRevision, $"'{text}' is not a revision range: write A..B or A...B.");
        return new RevisionRange(from.Length == 0 ? "HEAD" : from, to.Length == 0 ? "HEAD" : to, symmetric);
    }

    public override string ToString() => $"{this.From}{(this.Symmetric ? "..." : "..")}{this.To}";
}

/// <summary>What <see cref="CommitLog.Query(LogQuery)"/> lists.</summary>
public sealed record LogQuery
{
    /// <summary>Commits reachable from these revisions (default HEAD)...</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>...and not from these.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Only commits reachable from exactly one of <see cref="Include"/>'s two revisions (<c>A...B</c>).</summary>
    public bool Symmetric { get; init; }

    /// <summary>Only commits that changed a node matching this glob against their first parent.</summary>
    public string? PathGlob { get; init; }

    /// <summary>The query for a range, or for one revision (null: HEAD).</summary>
    public static LogQuery For(string? revision)
    {
        if (RevisionRange.TryParse(revision) is not { } range)
            return new LogQuery { Include = revision is null ? [] : [revision] };
        return range.Symmetric
            ? new LogQuery { Include = [range.From, range.To], Symmetric = true }
            : new LogQuery { Include = [range.To], Exclude = [range.From] };
    }
}
