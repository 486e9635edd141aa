using System.Collections.Concurrent;

namespace Tessera.Lsp.Workspace;

/// <summary>
/// Watches each repository's <c>.tensor/</c> folder and reports a change once things settle. A
/// commit, branch move, staging or merge always rewrites <c>tensor.db</c> or its WAL; the sizes
/// and times of those two files are compared before reporting, so the server's own reads (which
/// write neither) never trigger a refresh loop.
/// </summary>
public sealed class RepositoryWatcher : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);

    private readonly ConcurrentDictionary<string, FolderWatch> watches = new(StringComparer.Ordinal);
    private readonly Action<string> changed;
    private readonly TextWriter log;

    /// <param name="changed">Called with the repository root, on a timer thread.</param>
    public RepositoryWatcher(Action<string> changed, TextWriter log)
    {
        this.changed = changed;
        this.log = log;
    }

    public void Watch(string root)
    {
        string folder = Path.Combine(root, Repository.DirectoryName);
        if (!Directory.Exists(folder) || this.watches.ContainsKey(root))
            return;
        var watch = new FolderWatch(root, folder, this);
        if (!this.watches.TryAdd(root, watch))
            watch.Dispose();
    }

    public void Dispose()
    {
        foreach (var watch in this.watches.Values)
            watch.Dispose();
        this.watches.Clear();
    }

    private void Fire(FolderWatch watch)
    {
        if (!Directory.Exists(watch.Folder))
        {
            // The repository was deleted: stop watching; it is watched again if it is opened again.
            if (this.watches.TryRemove(watch.Root, out _))
                watch.Dispose();
        }
        else if (!watch.StateChanged())
        {
            return;
        }
        try
        {
            this.changed(watch.Root);
        }
        catch (Exception ex)
        {
            this.log.WriteLine($"[watch] refresh of {watch.Root} failed: {ex}");
        }
    }

    private sealed class FolderWatch : IDisposable
    {
        private readonly FileSystemWatcher watcher;
        private readonly Timer timer;
        private (long, DateTime, long, DateTime) state;

        public FolderWatch(string root, string folder, RepositoryWatcher owner)
        {
            this.Root = root;
            this.Folder = folder;
            this.state = this.ReadState();
            this.timer = new Timer(_ => owner.Fire(this));
            this.watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.DirectoryName,
                IncludeSubdirectories = false,
            };
            FileSystemEventHandler poke = (_, _) => this.timer.Change(Settle, Timeout.InfiniteTimeSpan);
            this.watcher.Changed += poke;
            this.watcher.Created += poke;
            this.watcher.Deleted += poke;
            this.watcher.Renamed += (_, _) => this.timer.Change(Settle, Timeout.InfiniteTimeSpan);
            this.watcher.Error += (_, _) => this.timer.Change(Settle, Timeout.InfiniteTimeSpan);
            this.watcher.EnableRaisingEvents = true;
        }

        public string Root { get; }

        public string Folder { get; }

        /// <summary>True (once) when the database or its WAL changed since the last call.</summary>
        public bool StateChanged()
        {
            var now = this.ReadState();
            lock (this.timer)
            {
                if (now == this.state)
                    return false;
                this.state = now;
                return true;
            }
        }

        public void Dispose()
        {
            this.watcher.Dispose();
            this.timer.Dispose();
        }

        private (long, DateTime, long, DateTime) ReadState()
        {
            var db = new FileInfo(Path.Combine(this.Folder, "tensor.db"));
            var wal = new FileInfo(Path.Combine(this.Folder, "tensor.db-wal"));
            return (db.Exists ? db.Length : -1, db.Exists ? db.LastWriteTimeUtc : default, wal.Exists ? wal.Length : -1, wal.Exists ? wal.LastWriteTimeUtc : default);
        }
    }
}
