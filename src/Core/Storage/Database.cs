using Microsoft.Data.Sqlite;

namespace Tessera.Storage;

/// <summary>
/// The bookkeeping database (<c>.tensor/tensor.db</c>, SQLite in WAL mode). One connection per
/// repository instance; <see cref="Gate"/> serializes its use across threads.
/// </summary>
internal sealed class Database : IDisposable
{
    public const int FormatVersion = 3;

    private static readonly string[] Schema =
    [
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS refs(name TEXT PRIMARY KEY, kind TEXT NOT NULL, target BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS commits(id BLOB PRIMARY KEY, tree BLOB NOT NULL, parents BLOB NOT NULL, time INTEGER NOT NULL, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS pages(id BLOB NOT NULL UNIQUE, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS packs(id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS blob_index(batch INTEGER PRIMARY KEY, pack INTEGER NOT NULL, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS stage_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS stage_log(seq INTEGER PRIMARY KEY, node TEXT NOT NULL, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS merge_conflicts(node TEXT NOT NULL, key BLOB NOT NULL, kind INTEGER NOT NULL, base BLOB, ours BLOB, theirs BLOB, PRIMARY KEY(node, key))",
        "CREATE TABLE IF NOT EXISTS writer_lock(id INTEGER PRIMARY KEY CHECK(id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, start INTEGER NOT NULL, acquired TEXT NOT NULL, token TEXT NOT NULL)",
    ];

    private Database(SqliteConnection connection) => this.Connection = connection;

    public SqliteConnection Connection { get; }

    public Lock Gate { get; } = new();

    public static Database Open(string file, bool create)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        var db = new Database(connection);
        if (create)
            db.Execute("PRAGMA auto_vacuum=INCREMENTAL");
        db.Execute("PRAGMA journal_mode=WAL");
        db.Execute("PRAGMA synchronous=NORMAL");
        db.Execute("PRAGMA busy_timeout=10000");
        // Bulk writes fold the WAL into the database once, at commit, rather than every 4 MB.
        db.Execute("PRAGMA wal_autocheckpoint=16384");
        if (create)
        {
            using var tx = connection.BeginTransaction();
            foreach (var sql in Schema)
                db.Execute(sql);
            db.Execute("INSERT OR IGNORE INTO meta(key, value) VALUES('format', $v)", ("$v", FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            tx.Commit();
        }
        return db;
    }

    public int Execute(string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = this.Command(sql, args);
        return cmd.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = this.Command(sql, args);
        var value = cmd.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public SqliteCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        var cmd = this.Connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public string? GetMeta(string key) => this.Scalar("SELECT value FROM meta WHERE key = $k", ("$k", key)) as string;

    public void SetMeta(string key, string value) =>
        this.Execute("INSERT INTO meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$k", key), ("$v", value));

    /// <summary>
    /// Runs <paramref name="work"/> in an IMMEDIATE transaction (the write lock is taken up front, so
    /// two writers never interleave). With <paramref name="durable"/> the commit is fsynced.
    /// </summary>
    public T InTransaction<T>(Func<T> work, bool durable = false)
    {
        lock (this.Gate)
        {
            if (durable)
                this.Execute("PRAGMA synchronous=FULL");
            try
            {
                this.Execute("BEGIN IMMEDIATE");
                try
                {
                    var result = work();
                    this.Execute("COMMIT");
                    return result;
                }
                catch
                {
                    this.Execute("ROLLBACK");
                    throw;
                }
            }
            finally
            {
                if (durable)
                    this.Execute("PRAGMA synchronous=NORMAL");
            }
        }
    }

    public void InTransaction(Action work, bool durable = false) => this.InTransaction(() =>
    {
        work();
        return 0;
    }, durable);

    /// <summary>
    /// Returns the pages the staging log freed and folds the write-ahead log into the database
    /// file, so the repository's size on disk is what it holds.
    /// </summary>
    public void Checkpoint()
    {
        lock (this.Gate)
        {
            this.Execute("PRAGMA incremental_vacuum");
            this.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    public void Dispose() => this.Connection.Dispose();
}
