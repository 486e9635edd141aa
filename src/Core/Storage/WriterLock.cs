using System.Globalization;

namespace Tessera.Storage;

/// <summary>
/// The single writer lock, a row in SQLite recording pid, host and the process start time. A lock
/// whose process is gone (same host, pid absent or reused) is stale and may be taken over; a live
/// one, or one from another host, only with force.
/// </summary>
internal static class WriterLock
{
    public static WriterLockInfo? Read(Database db)
    {
        lock (db.Gate)
        {
            using var cmd = db.Command("SELECT pid, host, start, acquired, token FROM writer_lock WHERE id = 1");
            using var r = cmd.ExecuteReader();
            if (!r.Read())
                return null;
            var info = new WriterLockInfo(r.GetInt32(0), r.GetString(1),
                DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture), r.GetString(4), false);
            long start = r.GetInt64(2);
            return info with { IsStale = IsStale(info.ProcessId, info.Host, start) };
        }
    }

    /// <summary>Takes the lock; returns the token and the stale lock taken over, if any.</summary>
    public static (string Token, WriterLockInfo? TakenOver) Acquire(Database db, bool force)
    {
        return db.InTransaction(() =>
        {
            var holder = Read(db);
            if (holder is not null && !holder.IsStale && !force)
                throw new LockedException(HeldMessage(holder), holder);
            var token = Guid.NewGuid().ToString("N");
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            lock (db.Gate)
            {
                db.Execute("INSERT OR REPLACE INTO writer_lock(id, pid, host, start, acquired, token) VALUES(1, $pid, $host, $start, $at, $token)",
                    ("$pid", Environment.ProcessId), ("$host", Environment.MachineName), ("$start", LocalProcess.StartTime(Environment.ProcessId)),
                    ("$at", DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture)), ("$token", token));
            }
            return (token, holder);
        });
    }

    public static void Release(Database db, string token)
    {
        lock (db.Gate)
        {
            db.Execute("DELETE FROM writer_lock WHERE id = 1 AND token = $t", ("$t", token));
        }
    }

    /// <summary>Removes the lock; refuses a live one unless forced.</summary>
    public static WriterLockInfo? Break(Database db, bool force)
    {
        return db.InTransaction(() =>
        {
            var holder = Read(db);
            if (holder is null)
                return null;
            if (!holder.IsStale && !force)
            {
                throw new LockedException(
                    $"The writer lock is held by live process {holder.ProcessId} on {holder.Host}. Stop that process, or use --force if you are sure it is not writing.", holder);
            }
            lock (db.Gate)
            {
                db.Execute("DELETE FROM writer_lock WHERE id = 1");
            }
            return holder;
        });
    }

    /// <summary>
    /// What to do about a live lock. On this host the holder is known to run (a lock whose process
    /// is gone is taken over by the next writer by itself), so only waiting or stopping it helps;
    /// from another host its state is unknown, and only the user can say it is gone.
    /// </summary>
    private static string HeldMessage(WriterLockInfo holder) =>
        string.Equals(holder.Host, Environment.MachineName, StringComparison.Ordinal)
            ? $"The writer lock is held by process {holder.ProcessId}, which is running, since {holder.Acquired:u}. Wait for it to finish, or stop it; once it is gone the next write takes the lock over by itself."
            : $"The writer lock is held by process {holder.ProcessId} on host {holder.Host} since {holder.Acquired:u}; Tessera cannot see whether it still runs. Wait for it to finish; if you know it is gone, release the lock by force.";

    private static bool IsStale(int pid, string host, long start)
    {
        if (!string.Equals(host, Environment.MachineName, StringComparison.Ordinal))
            return false;
        long now = LocalProcess.StartTime(pid);
        return now < 0 || (start >= 0 && now != start);
    }
}
