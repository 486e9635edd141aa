using System.Globalization;
using System.Text;

namespace Tessera.Storage;


/// <summary>
/// The ref log, <c>.tensor/reflog</c>: every move of a branch, tag or remote-tracking branch,
/// appended and fsynced after the transaction that made it committed (git keeps its refs and
/// reflogs in files for the same reason). Each move also counts up <c>meta.reflog_seq</c> inside
/// that transaction, so a database that lost committed transactions — SQLite drops every
/// write-ahead-log frame after a damaged one — has a lower count than the log and
/// <c>verify</c> says so. A crash between the commit and the append leaves a gap, never a
/// false alarm.
/// </summary>
internal sealed class RefLog(Database db, string path)
{
    public const string FileName = "reflog";
    private const string SequenceKey = "reflog_seq";
    private readonly List<RefLogEntry> pending = [];

    public string Path => path;

    /// <summary>Records a ref move inside the caller's transaction; the line is written once it commits.</summary>
    public void Record(string kind, string name, ObjectId? old, ObjectId? @new)
    {
        long sequence;
        lock (db.Gate)
        {
            sequence = this.DatabaseSequence() + 1;
            db.SetMeta(SequenceKey, sequence.ToString(CultureInfo.InvariantCulture));
            if (this.pending.Count == 0)
                db.AfterCommit(this.Write);
            this.pending.Add(new RefLogEntry(sequence, old, @new, kind, name, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>The number of ref moves the database has committed.</summary>
    public long DatabaseSequence() =>
        long.TryParse(db.GetMeta(SequenceKey), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 0;

    /// <summary>Every entry the file holds, in file order; a torn last line (a crash mid-append) is skipped.</summary>
    public List<RefLogEntry> Read()
    {
        var entries = new List<RefLogEntry>();
        if (!File.Exists(path))
            return entries;
        foreach (var line in File.ReadLines(path))
        {
            if (Parse(line) is { } entry)
                entries.Add(entry);
        }
        return entries;
    }

    /// <summary>
    /// Folds the write-ahead log into the database first (the move is then in the database file),
    /// then appends the lines and fsyncs. A failure here leaves the move committed and unlogged.
    /// </summary>
    private void Write()
    {
        List<RefLogEntry> entries;
        lock (db.Gate)
        {
            entries = [.. this.pending];
            this.pending.Clear();
        }
        if (entries.Count == 0)
            return;
        db.Fold();
        var text = new StringBuilder();
        foreach (var e in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{e.Sequence} {Hex(e.Old)} {Hex(e.New)} {e.Kind} {e.Time.ToUnixTimeMilliseconds()} {e.Name}\n");
        }
        try
        {
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            file.Write(Encoding.UTF8.GetBytes(text.ToString()));
            file.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The move is committed; a missing line only weakens what verify can tell later.
        }
    }

    private static string Hex(ObjectId? id) => id is { } value ? value.ToString() : new string('0', ObjectId.Size * 2);

    private static RefLogEntry? Parse(string line)
    {
        var parts = line.Split(' ', 6);
        if (parts.Length != 6 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long sequence)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
            || !TryId(parts[1], out var old) || !TryId(parts[2], out var @new))
        {
            return null;
        }
        return new RefLogEntry(sequence, old, @new, parts[3], parts[5], DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }

    private static bool TryId(string hex, out ObjectId? id)
    {
        id = null;
        if (hex.Length != ObjectId.Size * 2)
            return false;
        if (hex.All(c => c == '0'))
            return true;
        if (!ObjectId.TryParse(hex, out var parsed))
            return false;
        id = parsed;
        return true;
    }
}
