using Tessera.History;
using Tessera.Remotes;

namespace Tessera;

/// <summary>
/// The repository's remotes, and the transfers with them: push, fetch (bookkeeping and
/// remote-tracking branches), and fetch-data (the sample bytes a partial clone asks for).
/// </summary>
public sealed class RemoteCollection
{
    public const string DefaultRemote = "origin";
    private readonly Repository repo;

    internal RemoteCollection(Repository repo)
    {
        this.repo = repo;
        this.Config = new RemoteConfig(repo.Db);
    }

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
            throw new StateException(ErrorCode.RefExists, $"A remote named '{name}' already exists; remove it first with 'dotnet tensor remote rm {name}'.");
        return remote;
    }

    /// <summary>Removes a remote and its remote-tracking branches.</summary>
    public void Remove(string name)
    {
        if (!this.Config.Remove(name))
            throw NotFound(name);
        TrackingRefs.RemoveAll(this.repo, name);
    }

    /// <summary>
    /// Sends a branch's missing objects, then moves the remote branch by compare-and-swap from the
    /// tip it had when the push started: a concurrent push makes this one fail, never lose a commit.
    /// </summary>
    public PushResult Push(PushOptions? options = null)
    {
        options ??= new PushOptions();
        var remote = this[options.Remote] ?? throw NotFound(options.Remote);
        string branch = options.Branch ?? this.repo.HeadBranch;
        var tip = this.repo.Refs.Get(RefKind.Branch, branch)
            ?? throw new NotFoundException(ErrorCode.RefNotFound, $"No local branch '{branch}' with commits to push.");
        using var store = RemoteStores.Open(remote.Url, remote.Options);
        return Pusher.Run(this.repo, store, remote.Name, branch, tip, options.Force, options.Tags);
    }

    /// <summary>Brings the remote's commits and pages (and samples, unless partial) and moves <c>REMOTE/*</c>.</summary>
    public FetchResult Fetch(FetchOptions? options = null)
    {
        options ??= new FetchOptions();
        var remote = this[options.Remote] ?? throw NotFound(options.Remote);
        using var store = RemoteStores.Open(remote.Url, remote.Options);
        return Fetcher.Run(this.repo, store, remote.Name, options.FetchData ?? remote.Options.FetchData);
    }

    /// <summary>Fetches the samples of a revision (optionally one path, some keys) that are not local.</summary>
    public TransferStats FetchData(FetchDataOptions? options = null)
    {
        options ??= new FetchDataOptions();
        var remote = this[options.Remote] ?? throw NotFound(options.Remote);
        using var store = RemoteStores.Open(remote.Url, remote.Options);
        var ids = DataSelection.MissingBlobs(this.repo, this.repo.Lookup(options.Revision), options.Path, options.Keys);
        return Fetcher.Blobs(this.repo, store, ids);
    }

    /// <summary>A connection to a remote, for fetching samples as they are needed (a data loader in a partial clone).</summary>
    internal IRemoteStore OpenStore(string remote)
    {
        var config = this[remote] ?? throw NotFound(remote);
        return RemoteStores.Open(config.Url, config.Options);
    }

    /// <summary>
    /// Makes reads of samples that are not stored fetch them from <paramref name="remote"/> one by
    /// one (for a partial clone), instead of failing with <see cref="ErrorCode.MissingObject"/>.
    /// </summary>
    public void EnableAutoFetch(string remote = DefaultRemote)
    {
        var config = this[remote] ?? throw NotFound(remote);
        this.repo.Blobs.FetchMissing = id =>
        {
            using var store = RemoteStores.Open(config.Url, config.Options);
            return Fetcher.Blobs(this.repo, store, [id]).Blobs == 1;
        };
    }

    private NotFoundException NotFound(string name)
    {
        var known = this.Config.List().Select(r => r.Name).ToList();
        return new NotFoundException(ErrorCode.RemoteNotFound, known.Count == 0
            ? $"No remote named '{name}'. Add one with 'dotnet tensor remote add {name} URL'."
            : $"No remote named '{name}' (remotes: {string.Join(", ", known)}). Add it with 'dotnet tensor remote add {name} URL'.");
    }
}
