namespace Tessera.Remotes;

/// <summary>Clone: a new repository with remote <c>origin</c>, fetched, its branch set at the remote's default branch.</summary>
internal static class Cloner
{
    public static Repository Run(string url, string path, CloneOptions options)
    {
        var root = Path.GetFullPath(path);
        using var store = RemoteStores.Open(url, options.Remote);
        var branches = store.Branches();
        string branch = store.HeadBranch is { } h && branches.ContainsKey(h) ? h
            : branches.ContainsKey(Repository.DefaultBranch) || branches.Count == 0 ? Repository.DefaultBranch
            : branches.Keys.Order(StringComparer.Ordinal).First();
        var repo = Resume(root, url) ?? Create(root, url, branch, options);
        try
        {
            Fetcher.Run(repo, store, RemoteCollection.DefaultRemote, !options.NoData);
            if (branches.TryGetValue(branch, out var tip) && repo.Branches[branch] is null)
                repo.ObjectDatabase.UpdateBranch(branch, expected: null, tip, force: false);
            return repo;
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    /// <summary>A clone of the same URL that was interrupted: fetching again resumes it.</summary>
    private static Repository? Resume(string root, string url)
    {
        if (Repository.Discover(root) != root)
        {
            if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
                throw new StateException(ErrorCode.AlreadyARepository, $"'{root}' exists and is not empty; clone into a new folder.");
            return null;
        }
        var repo = Repository.Open(root);
        if (repo.Remotes[RemoteCollection.DefaultRemote]?.Url == url && repo.Head is null)
            return repo;
        repo.Dispose();
        throw new StateException(ErrorCode.AlreadyARepository, $"'{root}' is already a repository; clone into a new folder, or fetch into that repository.").With(ErrorDetail.Repository, root);
    }

    private static Repository Create(string root, string url, string branch, CloneOptions options)
    {
        var repo = Repository.Init(root, new InitOptions { Branch = branch });
        repo.Remotes.Add(RemoteCollection.DefaultRemote, url, options.Remote with { FetchData = !options.NoData });
        return repo;
    }
}
