using Tessera.Remotes;

namespace Tessera;

/// <summary>
/// Transfers with remotes, on <see cref="Repository.Remotes"/> and <see cref="Repository"/>:
/// <c>repo.Remotes.Push(…)</c>, <c>Fetch</c>, <c>FetchData</c>, <c>Samples</c>, <c>EnableAutoFetch</c>
/// and <c>Repository.Clone(…)</c>. A remote's URL says which client reaches it: <c>http(s)://</c>
/// a server, <c>s3://</c> object storage, anything else a repository folder.
/// </summary>
public static class RemoteTransfers
{
    extension(Repository)
    {
        /// <summary>
        /// Copies a remote repository into <paramref name="path"/> (a new or empty folder) as remote
        /// <c>origin</c>; with <see cref="CloneOptions.NoData"/>, without sample bytes. Rerun after an
        /// interruption, it resumes.
        /// </summary>
        public static Repository Clone(string url, string path, CloneOptions? options = null) =>
            Cloner.Run(url, path, options ?? new CloneOptions());
    }

    extension(RemoteCollection remotes)
    {
        /// <summary>
        /// Sends a branch's missing objects, then moves the remote branch by compare-and-swap from the
        /// tip it had when the push started: a concurrent push makes this one fail, never lose a commit.
        /// </summary>
        public PushResult Push(PushOptions? options = null)
        {
            options ??= new PushOptions();
            var repo = remotes.Repository;
            var remote = remotes.Get(options.Remote);
            string branch = options.Branch ?? repo.HeadBranch;
            var tip = repo.Branches[branch]?.Tip
                ?? throw new NotFoundException(ErrorCode.RefNotFound, $"No local branch '{branch}' with commits to push.");
            using var store = RemoteStores.Open(remote.Url, remote.Options);
            return Pusher.Run(repo, store, remote.Name, branch, tip, options.Force, options.Tags);
        }

        /// <summary>
        /// Deletes branches and tags on a remote (<c>push --delete</c>), each only if it still names
        /// the commit read first; a deleted branch's remote-tracking branch goes too. Refuses a name
        /// the remote lacks, and the branch a repository-folder or server remote has checked out.
        /// </summary>
        public IReadOnlyList<RemoteRefDeletion> PushDelete(IReadOnlyList<string> names, string remote = RemoteCollection.DefaultRemote)
        {
            var config = remotes.Get(remote);
            using var store = RemoteStores.Open(config.Url, config.Options);
            return RefDeleter.Run(remotes.Repository, store, config.Name, names);
        }

        /// <summary>
        /// Garbage-collects a remote (folder, server or bucket): deletes objects no ref of the remote
        /// reaches and rewrites packs without them, safely against pushes running meanwhile — only
        /// what an earlier run found unreachable at least the grace period ago goes (design note 015).
        /// </summary>
        public RemoteGcResult CollectGarbage(RemoteGcOptions? options = null)
        {
            options ??= new RemoteGcOptions();
            if (options.GracePeriod < TimeSpan.Zero)
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"The grace period must not be negative (got {options.GracePeriod}).");
            var remote = remotes.Get(options.Remote);
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var store = RemoteStores.Open(remote.Url, remote.Options);
            return store.CollectGarbage(remote.Name, options.GracePeriod) with { Elapsed = started.Elapsed };
        }

        /// <summary>Brings the remote's commits and pages (and samples, unless partial) and moves <c>REMOTE/*</c>.</summary>
        public FetchResult Fetch(FetchOptions? options = null)
        {
            options ??= new FetchOptions();
            var remote = remotes.Get(options.Remote);
            using var store = RemoteStores.Open(remote.Url, remote.Options);
            return Fetcher.Run(remotes.Repository, store, remote.Name, options.FetchData ?? remote.Options.FetchData);
        }

        /// <summary>Fetches the samples of a revision (optionally one path, some keys) that are not local.</summary>
        public TransferStats FetchData(FetchDataOptions? options = null)
        {
            options ??= new FetchDataOptions();
            var repo = remotes.Repository;
            var remote = remotes.Get(options.Remote);
            using var store = RemoteStores.Open(remote.Url, remote.Options);
            var ids = repo.ObjectDatabase.MissingSamples(repo.Lookup(options.Revision), options.Path, options.Keys);
            return Fetcher.Blobs(repo, store, ids);
        }

        /// <summary>
        /// The samples of <paramref name="remote"/> as a source a partial clone fetches from: for a
        /// <see cref="DataLoaderOptions.FetchFrom"/>, or <see cref="ObjectDatabase.FetchMissingFrom"/>.
        /// </summary>
        public ISampleSource Samples(string remote = RemoteCollection.DefaultRemote) =>
            new RemoteSamples(remotes.Repository, remotes.Get(remote));

        /// <summary>
        /// Makes reads of samples that are not stored fetch them from <paramref name="remote"/> one by
        /// one (for a partial clone), instead of failing with <see cref="ErrorCode.MissingObject"/>.
        /// </summary>
        public void EnableAutoFetch(string remote = RemoteCollection.DefaultRemote) =>
            remotes.Repository.ObjectDatabase.FetchMissingFrom = remotes.Samples(remote);
    }
}
