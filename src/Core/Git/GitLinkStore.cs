using System.Globalization;
using Tessera.Storage;

namespace Tessera.Git;

/// <summary>
/// The <c>git_links</c> table: dataset commit → code commit. It sits outside the hashed commit
/// records, so linking after the fact keeps commit ids. Repositories made before linking existed
/// lack the table; it is created on the first write and reads treat its absence as "no links".
/// </summary>
internal sealed class GitLinkStore(Database db)
{
    // "commit" is an SQL keyword, hence the quotes wherever the column is named.
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS git_links(\"commit\" BLOB PRIMARY KEY, git_commit TEXT NOT NULL, dirty INTEGER NOT NULL, linked_at TEXT NOT NULL)";

    private bool exists;

    /// <summary>Records or replaces a link, in its own transaction.</summary>
    public void Put(ObjectId commit, GitState state, DateTimeOffset when) =>
        db.InTransaction(() => this.Write(commit, new GitLink(state.Commit, state.Dirty, when)));

    /// <summary>
    /// Records a link received from another repository unless the one recorded supersedes it
    /// (<see cref="GitLinkRecord.Supersedes"/>), inside the caller's transaction. True when it was recorded.
    /// </summary>
    public bool Adopt(ObjectId commit, GitLink link)
    {
        if (this.Get(commit) is { } current && !GitLinkRecord.Supersedes(commit, link, current))
            return false;
        this.Write(commit, link);
        return true;
    }

    /// <summary>Every link, by dataset commit (what a transfer offers).</summary>
    public List<(ObjectId Commit, GitLink Link)> All()
    {
        var result = new List<(ObjectId, GitLink)>();
        lock (db.Gate)
        {
            if (!this.Exists())
                return result;
            using var cmd = db.Command("SELECT \"commit\", git_commit, dirty, linked_at FROM git_links");
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                result.Add((ObjectId.Read((byte[])reader[0]), Read(reader, 1)));
        }
        return result;
    }

    public GitLink? Get(ObjectId commit)
    {
        lock (db.Gate)
        {
            if (!this.Exists())
                return null;
            using var cmd = db.Command("SELECT git_commit, dirty, linked_at FROM git_links WHERE \"commit\" = $c", ("$c", commit.ToBytes()));
            using var reader = cmd.ExecuteReader();
            return reader.Read() ? Read(reader, 0) : null;
        }
    }

    /// <summary>Dataset commits linked to a code commit (full id, or a prefix of at least 4 hex digits).</summary>
    public List<ObjectId> MadeAt(string gitCommit)
    {
        var result = new List<ObjectId>();
        lock (db.Gate)
        {
            if (!this.Exists())
                return result;
            using var cmd = db.Command("SELECT \"commit\" FROM git_links WHERE git_commit LIKE $p || '%'", ("$p", gitCommit.ToLowerInvariant()));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                result.Add(ObjectId.Read((byte[])reader[0]));
        }
        return result;
    }

    private static GitLink Read(Microsoft.Data.Sqlite.SqliteDataReader reader, int first) =>
        new(reader.GetString(first), reader.GetInt64(first + 1) != 0,
            DateTimeOffset.Parse(reader.GetString(first + 2), CultureInfo.InvariantCulture));

    private void Write(ObjectId commit, GitLink link)
    {
        lock (db.Gate)
        {
            db.Execute(CreateTable);
            db.Execute("INSERT INTO git_links(\"commit\", git_commit, dirty, linked_at) VALUES($c, $g, $d, $t) " +
                       "ON CONFLICT(\"commit\") DO UPDATE SET git_commit = excluded.git_commit, dirty = excluded.dirty, linked_at = excluded.linked_at",
                ("$c", commit.ToBytes()), ("$g", link.GitCommit), ("$d", link.Dirty ? 1 : 0), ("$t", GitLinkRecord.FormatTime(link.LinkedAt)));
            this.exists = true;
        }
    }

    private bool Exists() => this.exists = this.exists
        || db.Scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'git_links'") is not null;
}
