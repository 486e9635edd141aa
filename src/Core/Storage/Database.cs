using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Tessera.Storage;

/// <summary>
/// The bookkeeping database (<c>.tensor/tensor.db</c>, SQLite in WAL mode). One connection per
/// repository instance; <see cref="Gate"/> serializes its use across threads.
/// </summary>
internal sealed partial class Database : IDisposable
{
    public const int FormatVersion = 9;

    /// <summary>
    /// Formats this version upgrades when it opens them: format 3 lacks runs (design note 016),
    /// format 4 the ZSTD codec and ZSTD pages (neither needs rewriting) and kept staged changes in a
    /// table, which move into the staging log (design note 017), format 5 the field-by-field layout
    /// of entry pages (its pages read as they are; design note 019), format 6 tree records in the
    /// staging log (its records read as they are; design note 017), format 7 entry pages whose keys
    /// or ids step from the first (its pages read as they are; design note 019), format 8 runs of
    /// texts (it has none: its short texts are inline ids, which read as they are; design note 016).
    /// </summary>
    public static readonly int[] UpgradableFormats = [3, 4, 5, 6, 7, 8];

    private static readonly string[] Schema =
    [
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS refs(name TEXT PRIMARY KEY, kind TEXT NOT NULL, target BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS commits(id BLOB PRIMARY KEY, tree BLOB NOT NULL, parents BLOB NOT NULL, time INTEGER NOT NULL, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS pages(id BLOB NOT NULL UNIQUE, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS packs(id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS blob_index(batch INTEGER PRIMARY KEY, pack INTEGER NOT NULL, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS stage_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS merge_conflicts(node TEXT NOT NULL, key BLOB NOT NULL, kind INTEGER NOT NULL, base BLOB, ours BLOB, theirs BLOB, PRIMARY KEY(node, key))",
        "CREATE TABLE IF NOT EXISTS writer_lock(id INTEGER PRIMARY KEY CHECK(id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, start INTEGER NOT NULL, acquired TEXT NOT NULL, token TEXT NOT NULL)",
    ];

    private readonly List<Action> afterCommit = [];
    private int transactionDepth;

    private Database(SqliteConnection connection, string file)
    {
        this.Connection = connection;
        this.File = file;
        this.RefLog = new RefLog(this, Path.Combine(Path.GetDirectoryName(file)!, RefLog.FileName));
    }

    public SqliteConnection Connection { get; }

    public string File { get; }

    /// <summary>The append-only record of ref moves kept beside the database (<see cref="Storage.RefLog"/>).</summary>
    public RefLog RefLog { get; }

    public bool InTransactionNow => this.transactionDepth > 0;

    public Lock Gate { get; } = new();

    /// <summary>True when this user may only read the database (no write access to it or its folder, a read-only mount).</summary>
    public bool IsReadOnly { get; private set; }

    /// <summary>
    /// Opens the database for reading and writing; where this user may not write (a shared mount,
    /// a CI cache), read-only instead, and as an immutable file when SQLite cannot even share its
    /// write-ahead-log index there (commits never leave data only in that log, see <see cref="Fold"/>).
    /// </summary>
    public static Database Open(string file, bool create)
    {
        if (create)
            return Open(file, SqliteOpenMode.ReadWriteCreate, create: true, immutable: false);
        if (TryOpen(file, SqliteOpenMode.ReadWrite, immutable: false, out var failure) is { } db)
            return db;
        // Opening for writing makes the log's shared index; on a full disk the reserve makes room for it.
        bool diskFull = StorageErrors.IsDiskFull(failure!) || !DiskReserve.HasFreeSpace(file);
        if (diskFull && DiskReserve.Release(Path.GetDirectoryName(file)!) && TryOpen(file, SqliteOpenMode.ReadWrite, immutable: false, out _) is { } retried)
            return retried;
        db = TryOpen(file, SqliteOpenMode.ReadOnly, immutable: false, out _) ?? TryOpen(file, SqliteOpenMode.ReadOnly, immutable: true, out failure)
            ?? throw failure!;
        db.readOnlyForLackOfSpace = diskFull;
        return db;
    }

    /// <summary>Opens and reads the schema; null (with the failure) when this user or this disk does not allow that mode.</summary>
    private static Database? TryOpen(string file, SqliteOpenMode mode, bool immutable, out SqliteException? failure)
    {
        failure = null;
        Database? db = null;
        try
        {
            db = Open(file, mode, create: false, immutable);
            db.Scalar("SELECT count(*) FROM sqlite_master");
            db.IsReadOnly = mode == SqliteOpenMode.ReadOnly || !CanWrite(file);
            return db;
        }
        catch (SqliteException e) when (StorageErrors.IsPermission(e) || e.SqliteErrorCode == SqliteIoError || StorageErrors.IsDiskFull(e))
        {
            db?.Dispose();
            failure = e;
            return null;
        }
    }

    private bool readOnlyForLackOfSpace;

    private const int SqliteIoError = 10;

    private static bool CanWrite(string file) =>
        (System.IO.File.GetAttributes(file) & FileAttributes.ReadOnly) == 0 && !WritingIsRefused(file);

    /// <summary>
    /// Whether this process may not open <paramref name="file"/> for writing (a read-only mount, no
    /// permission). On Unix the system is asked (<c>access</c>) without opening the file: closing
    /// any descriptor of the database file drops every POSIX lock the process holds on it,
    /// SQLite's included, and another process closing its connection then believed itself the last
    /// one and checkpointed and cut the write-ahead log under a running import ("disk I/O error",
    /// then a malformed database; SQLite's "How To Corrupt An SQLite Database File", 2.2). Windows
    /// locks by handle.
    /// </summary>
    private static bool WritingIsRefused(string file)
    {
        if (!OperatingSystem.IsWindows())
            return Access(file, WriteAccess) != 0;
        try
        {
            using var probe = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private const int WriteAccess = 2; // W_OK

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);

    private static Database Open(string file, SqliteOpenMode mode, bool create, bool immutable)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? $"file:{Uri.EscapeDataString(file).Replace("%2F", "/", StringComparison.Ordinal)}?immutable=1" : file,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        if (mode != SqliteOpenMode.ReadOnly)
            KeepWriteAheadLog(connection);
        var db = new Database(connection, file);
        if (mode == SqliteOpenMode.ReadOnly)
        {
            db.Execute("PRAGMA busy_timeout=10000");
            return db;
        }
        if (create)
            db.Execute("PRAGMA auto_vacuum=INCREMENTAL");
        db.Execute("PRAGMA journal_mode=WAL");
        db.Execute("PRAGMA synchronous=NORMAL");
        db.Execute("PRAGMA busy_timeout=10000");
        // Bulk writes fold the WAL into the database once, at commit, rather than every 4 MB.
        db.Execute("PRAGMA wal_autocheckpoint=16384");
        // A checkpoint leaves up to 4 MiB of the write-ahead log allocated, so that small writes
        // (the writer lock, a reset) still find room on a full disk.
        db.Execute("PRAGMA journal_size_limit=4194304");
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

    /// <summary>
    /// SQLite's persistent-WAL mode: <c>-wal</c> and <c>-shm</c> stay when the last connection
    /// closes, so that the next one opens without making them, on a full disk as well.
    /// </summary>
    private static unsafe void KeepWriteAheadLog(SqliteConnection connection)
    {
        const int PersistWal = 10;
        int on = 1;
        _ = FileControl(connection.Handle!.DangerousGetHandle(), "main"u8, PersistWal, &on);
    }

    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
    private static extern unsafe int FileControlNative(IntPtr db, byte* name, int op, void* argument);

    private static unsafe int FileControl(IntPtr db, ReadOnlySpan<byte> name, int op, void* argument)
    {
        Span<byte> zeroTerminated = stackalloc byte[name.Length + 1];
        name.CopyTo(zeroTerminated);
        fixed (byte* p = zeroTerminated)
            return FileControlNative(db, p, op, argument);
    }

    /// <summary>
    /// Runs one statement under <see cref="Gate"/>: the connection is shared by every thread of the
    /// process (a server's requests, a remote's gc beside its pushes), and it keeps a list of its
    /// commands that two threads creating or disposing one at once corrupt.
    /// </summary>
    public int Execute(string sql, params (string Name, object? Value)[] args)
    {
        lock (this.Gate)
        {
            using var cmd = this.Command(sql, args);
            return cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The first column of the first row of one statement, under <see cref="Gate"/> as <see cref="Execute"/>.</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] args)
    {
        lock (this.Gate)
        {
            using var cmd = this.Command(sql, args);
            var value = cmd.ExecuteScalar();
            return value is DBNull ? null : value;
        }
    }

    /// <summary>A command on the shared connection; the caller holds <see cref="Gate"/> from creating it to disposing it.</summary>
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
        if (this.IsReadOnly)
            throw ReadOnlyError();
        T result;
        lock (this.Gate)
        {
            if (durable)
                this.Execute("PRAGMA synchronous=FULL");
            try
            {
                this.Execute("BEGIN IMMEDIATE");
                this.transactionDepth++;
                try
                {
                    result = work();
                    this.Execute("COMMIT");
                }
                catch
                {
                    this.afterCommit.Clear();
                    // SQLite rolls back by itself after some failures (a full disk, say); then there is nothing left to undo.
                    if (SQLitePCL.raw.sqlite3_get_autocommit(this.Connection.Handle) == 0)
                        this.Execute("ROLLBACK");
                    throw;
                }
                finally
                {
                    this.transactionDepth--;
                }
            }
            finally
            {
                if (durable)
                    this.Execute("PRAGMA synchronous=NORMAL");
            }
        }
        this.RunAfterCommit();
        return result;
    }

    /// <summary>What a write to a repository this user may only read fails with.</summary>
    public TesseraException ReadOnlyError() => this.readOnlyForLackOfSpace
        ? new TesseraException(ErrorCode.Io, $"The disk holding {Path.GetDirectoryName(Path.GetDirectoryName(this.File))} is full, so the repository can only be read. Free some space and run the command again.")
        : new TesseraException(ErrorCode.Io, $"The repository in {Path.GetDirectoryName(Path.GetDirectoryName(this.File))} is read-only for this user (no write access to its .tensor folder, or a read-only mount). Reading works; to change it, ask for write access or clone it.")
            .With(ErrorDetail.Area, "read-only");

    /// <summary>Runs <paramref name="action"/> once the current transaction has committed (dropped if it rolls back).</summary>
    public void AfterCommit(Action action)
    {
        if (!this.InTransactionNow)
            throw new InvalidOperationException("AfterCommit needs a transaction.");
        this.afterCommit.Add(action);
    }

    private void RunAfterCommit()
    {
        Action[] actions;
        lock (this.Gate)
        {
            actions = [.. this.afterCommit];
            this.afterCommit.Clear();
        }
        foreach (var action in actions)
            action();
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
            this.Fold();
        }
    }

    /// <summary>
    /// Copies every frame of the write-ahead log into the database file and syncs it, so that
    /// what was committed no longer lives only in the log: SQLite silently drops log frames after
    /// a damaged one. Waits (up to the busy timeout) for readers of older snapshots.
    /// </summary>
    public void Fold()
    {
        lock (this.Gate)
            this.Execute("PRAGMA wal_checkpoint(FULL)");
    }

    public void Dispose() => this.Connection.Dispose();
}
