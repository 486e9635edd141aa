using Tessera.History;

namespace Tessera;

/// <summary>
/// The repository's remotes (names for URLs) and what it keeps of them: remote-tracking branches
/// and the tags fetches brought. Transfers with remotes (push, fetch, clone) live in Tessera.Remotes,
/// which adds them to this collection and to <see cref="Repository"/>.
/// </summary>
public sealed class RemoteCollection
{
    public const string DefaultRemote = "origin";

    internal RemoteCollection(Repository repo)
    {
        this.Repository = repo;
        this.Config = new RemoteConfig(repo.Db);
    }

    /// <summary>The repository these remotes belong to.</summary>
    public Repository Repository { get; }

    public Remote? this[string name] => this.Config.Get(name);

    internal RemoteConfig Config { get; }

    public IReadOnlyList<Remote> List() => this.Config.List();

    /// <summary>Adds a remote named <paramref name="name"/> for <paramref name="url"/>.</summary>
    public Remote Add(string name, string url, RemoteOptions? options = null)
    {
        Names.Validate(name, "remote name");
        if (string.IsNullOrWhiteSpace(url))
            throw new InvalidInputException(ErrorCode.InvalidArgument, "A remote needs a URL: http(s)://host/repo, s3://bucket/prefix or a folder.");
        var remote = new Remote(name, url, options ?? new RemoteOptions());
        if (!this.Config.Add(remote))
            throw new StateException(ErrorCode.RefExists, $"A remote named '{name}' already exists; remove it first.").With(ErrorDetail.Remote, name);
        return remote;
    }

    /// <summary>Removes a remote and its remote-tracking branches.</summary>
    public void Remove(string name)
    {
        if (!this.Config.Remove(name))
            throw this.NotFound(name);
        TrackingRefs.RemoveAll(this.Repository, name);
    }

    /// <summary>The remote named <paramref name="name"/>; throws <see cref="ErrorCode.RemoteNotFound"/>, naming the remotes there are, when there is none.</summary>
    public Remote Get(string name) => this[name] ?? throw this.NotFound(name);

    /// <summary>The name of the remote-tracking branch of <paramref name="branch"/> on <paramref name="remote"/>: <c>REMOTE/BRANCH</c>.</summary>
    public static string TrackingName(string remote, string branch) => TrackingRefs.Name(remote, branch);

    /// <summary>
    /// Sets the remote-tracking branches <c>REMOTE/*</c> to the remote's <paramref name="branches"/>
    /// in one durable transaction, dropping those the remote no longer has; returns what moved.
    /// </summary>
    public IReadOnlyList<TrackingUpdate> UpdateTracking(string remote, IReadOnlyDictionary<string, ObjectId> branches) =>
        TrackingRefs.Update(this.Repository, remote, branches);

    /// <summary>Sets one remote-tracking branch (<c>REMOTE/BRANCH</c>, after a push), durably.</summary>
    public void SetTracking(string remote, string branch, ObjectId tip) =>
        this.Repository.Db.InTransaction(() => TrackingRefs.Set(this.Repository, TrackingRefs.Name(remote, branch), tip), durable: true);

    /// <summary>Removes one remote-tracking branch (<c>REMOTE/BRANCH</c>, after the branch was deleted there), durably; none is no error.</summary>
    public void RemoveTracking(string remote, string branch) =>
        this.Repository.Db.InTransaction(() => this.Repository.Refs.Delete(RefKind.Remote, TrackingRefs.Name(remote, branch)), durable: true);

    /// <summary>
    /// Creates, in one durable transaction, the remote's tags this repository lacks (their commits
    /// are already here). A local tag or branch of the same name is kept: the update says so (<see cref="TagUpdate.Created"/> false).
    /// </summary>
    public IReadOnlyList<TagUpdate> AdoptTags(IReadOnlyDictionary<string, ObjectId> tags)
    {
        var repo = this.Repository;
        var result = new List<TagUpdate>();
        repo.Db.InTransaction(() =>
        {
            foreach (var (name, target) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                var local = repo.Refs.Get(RefKind.Tag, name);
                if (local == target)
                    continue;
                bool free = local is null && !repo.Refs.Exists(name);
                if (free)
                    repo.Refs.Create(RefKind.Tag, name, target);
                result.Add(new TagUpdate(name, target, free));
            }
        }, durable: true);
        return result;
    }

    private NotFoundException NotFound(string name)
    {
        var known = this.Config.List().Select(r => r.Name).ToList();
        return new NotFoundException(ErrorCode.RemoteNotFound, known.Count == 0
            ? $"No remote named '{name}'; this repository has no remotes."
            : $"No remote named '{name}' (remotes: {string.Join(", ", known)}).").With(ErrorDetail.Remote, name);
    }
}
