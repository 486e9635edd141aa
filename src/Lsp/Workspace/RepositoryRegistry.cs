using System.Collections.Concurrent;

namespace Tessera.Lsp.Workspace;

/// <summary>
/// One open <see cref="Repository"/> per repository folder, shared by every feature. The server
/// only reads (checkouts, staged views, logs): it never opens a writer, so it never takes the
/// writer lock. A repository whose folder disappears is dropped and reopened when it comes back.
/// </summary>
public sealed class RepositoryRegistry : IDisposable
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "node_modules", "bin", "obj", ".git", ".vs", ".vscode" };
    private const int ScanDepth = 4;

    private readonly ConcurrentDictionary<string, Lazy<Repository>> open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> folders = new(StringComparer.Ordinal);

    /// <summary>Raised with a repository's root when the registry first learns of it (the watcher hooks in here).</summary>
    public event Action<string>? Discovered;

    /// <summary>Roots of the repositories in the workspace folders and those opened since.</summary>
    public IReadOnlyList<string> Known => this.known.Keys.Where(root => Repository.Discover(root) == root).Order(StringComparer.Ordinal).ToList();

    /// <summary>The repository holding <paramref name="pathOrUri"/> (a folder, a file in it, or a file: URI).</summary>
    public Repository Get(string pathOrUri)
    {
        string path = DocumentUris.ToPath(pathOrUri);
        string root = Repository.Discover(path) ?? throw new RepositoryNotFoundException(
            $"'{path}' is not in a Tessera repository (no {Repository.DirectoryName}/ folder there or above).");
        return this.Open(root);
    }

    /// <summary>Like <see cref="Get"/>, or null when there is no repository there.</summary>
    public Repository? TryGet(string path) => Repository.Discover(path) is { } root ? this.Open(root) : null;

    /// <summary>Finds repositories in a workspace folder: the one holding it, and those below it. <see cref="Rescan"/> looks there again.</summary>
    public void Scan(string folder)
    {
        this.folders.TryAdd(folder, 0);
        if (Repository.Discover(folder) is { } enclosing)
            this.Learn(enclosing);
        if (Directory.Exists(folder))
            this.ScanBelow(new DirectoryInfo(folder), ScanDepth);
    }

    /// <summary>Scans every workspace folder again, so repositories created since start-up are known.</summary>
    public void Rescan()
    {
        foreach (string folder in this.folders.Keys)
            this.Scan(folder);
    }

    /// <summary>Forgets and closes a repository (deleted or replaced); the next <see cref="Get"/> opens it again.</summary>
    public void Drop(string root)
    {
        this.known.TryRemove(root, out _);
        if (this.open.TryRemove(root, out var repository) && repository.IsValueCreated)
            repository.Value.Dispose();
    }

    public void Dispose()
    {
        foreach (var root in this.open.Keys)
            this.Drop(root);
    }

    private Repository Open(string root)
    {
        var lazy = this.open.GetOrAdd(root, r => new Lazy<Repository>(() => Repository.Open(r)));
        Repository repository;
        try
        {
            repository = lazy.Value;
        }
        catch
        {
            // Do not cache a failed open: the folder may be repaired or created later.
            this.open.TryRemove(new KeyValuePair<string, Lazy<Repository>>(root, lazy));
            throw;
        }
        this.Learn(root);
        return repository;
    }

    private void Learn(string root)
    {
        if (this.known.TryAdd(root, 0))
            this.Discovered?.Invoke(root);
    }

    private void ScanBelow(DirectoryInfo folder, int depth)
    {
        IEnumerable<DirectoryInfo> children;
        try
        {
            children = folder.EnumerateDirectories().ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var child in children)
        {
            if (child.Name == Repository.DirectoryName && File.Exists(Path.Combine(child.FullName, "tensor.db")))
                this.Learn(folder.FullName);
            else if (depth > 0 && !SkippedFolders.Contains(child.Name) && !child.Attributes.HasFlag(FileAttributes.ReparsePoint))
                this.ScanBelow(child, depth - 1);
        }
    }
}
