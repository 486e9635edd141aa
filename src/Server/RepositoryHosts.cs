using System.Collections.Concurrent;

namespace Tessera.Server;

/// <summary>
/// The repositories under the server's root, opened on first use by name and kept open (each
/// request uses its <see cref="Repository.ObjectDatabase"/>). A name is one folder name (the rules
/// of node names), so no request reaches outside the root.
/// </summary>
internal sealed class RepositoryHosts(string root) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Repository>> open = new(StringComparer.Ordinal);

    public Repository Get(string name)
    {
        if (!Names.IsValid(name))
        {
            throw new InvalidInputException(ErrorCode.InvalidName,
                $"'{name}' is not a repository name: use 1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.', not starting with '.' or '-'.").With(ErrorDetail.Repository, name);
        }
        var path = Path.Combine(root, name);
        if (Repository.Discover(path) != path)
            throw new RepositoryNotFoundException($"No repository '{name}' is served here. Create it on the server with 'dotnet tensor init' in {path}.").With(ErrorDetail.Repository, name);
        var lazy = this.open.GetOrAdd(name, _ => new Lazy<Repository>(() => Repository.Open(path)));
        return lazy.Value;
    }

    public void Dispose()
    {
        foreach (var repo in this.open.Values.Where(l => l.IsValueCreated))
            repo.Value.Dispose();
    }
}
