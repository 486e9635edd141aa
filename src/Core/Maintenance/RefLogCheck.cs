using System.Globalization;
using Tessera.History;
using Tessera.Storage;

namespace Tessera;

/// <summary>
/// Compares the database with the ref log (<see cref="RefLog"/>): a database that counts fewer ref
/// moves than the log has lost transactions it had committed (a damaged or deleted write-ahead log
/// does that silently), so its refs may have gone backwards.
/// </summary>
internal static class RefLogCheck
{
    public static IEnumerable<VerifyProblem> Run(Repository repo)
    {
        var log = repo.Db.RefLog;
        var entries = log.Read();
        long committed = log.DatabaseSequence();
        long logged = entries.Count == 0 ? 0 : entries.Max(e => e.Sequence);
        if (logged <= committed)
            yield break;
        yield return new VerifyProblem("reflog", "", log.Path,
            $"The database counts {committed} ref move(s), the ref log {logged}: the database lost changes it had committed (its write-ahead log, .tensor/tensor.db-wal, was damaged or removed). Refs it names below may have gone back.");
        var latest = entries.Where(e => e.Sequence > committed).GroupBy(e => (e.Kind, e.Name)).Select(g => g.MaxBy(e => e.Sequence)!);
        foreach (var entry in latest.OrderBy(e => e.Sequence))
        {
            var current = Kind(entry.Kind) is { } kind ? repo.Refs.Get(kind, entry.Name) : null;
            if (current == entry.New)
                continue;
            string? kept = entry.New is { } target && repo.CommitStore.TryGet(target) is not null ? target.ToShortString() : null;
            var problem = new VerifyProblem("ref", entry.Name, log.Path, Describe(entry, current, kept is not null));
            yield return kept is null ? problem : problem with { Details = new Dictionary<ErrorDetail, string> { [ErrorDetail.Commit] = kept } };
        }
    }

    private static string Describe(RefLogEntry entry, ObjectId? current, bool restorable)
    {
        string when = entry.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string now = current is { } c ? $"is at {c.ToShortString()}" : "does not exist";
        if (entry.New is not { } target)
            return $"{entry.Kind} '{entry.Name}' was deleted at {when} (ref log #{entry.Sequence}), but the database still has it.";
        string restore = restorable
            ? $"Commit {target.ToShortString()} is still here: point a branch at it to keep it."
            : $"Commit {target.ToShortString()} was lost with it: fetch it from a remote or a copy that has it.";
        return $"{entry.Kind} '{entry.Name}' was moved to {target.ToShortString()} at {when} (ref log #{entry.Sequence}), but {now} in the database. {restore}";
    }

    private static RefKind? Kind(string name) => name switch
    {
        "branch" => RefKind.Branch,
        "tag" => RefKind.Tag,
        "remote" => RefKind.Remote,
        _ => null,
    };
}
