namespace Tessera.Remotes;

/// <summary>
/// Fetch: bring what the local repository lacks, verify and store it (dependencies first), then
/// move the remote-tracking branches and create the tags it lacks. The remote is not trusted: a
/// malformed object, or a tip whose history, trees or (when fetching data) samples the remote
/// cannot send, fails the fetch before any ref moves.
/// </summary>
internal static class Fetcher
{
    public static FetchResult Run(Repository repo, IRemoteStore store, string remote, bool fetchData)
    {
        var local = new LocalStore(repo, ownsRepository: false);
        var branches = store.Branches();
        var tags = store.Tags();
        var missing = MissingObjects.Find(store, local, branches.Values.Concat(tags.Values));
        var blobs = fetchData ? Batches.Missing(local, ObjectKind.Blob, missing.Blobs) : [];
        var counter = new TransferCounter();
        var objects = Batches.Get(store, ObjectKind.Blob, blobs).Concat(missing.Pages).Concat(missing.Commits).Concat(missing.Links);
        repo.ObjectDatabase.Write(counter.Count(objects), requireSamples: fetchData);
        var updates = repo.Remotes.UpdateTracking(remote, branches);
        return new FetchResult(remote, updates, counter.Stats, repo.Remotes.AdoptTags(tags));
    }

    /// <summary>Fetches these samples (ids the local repository lacks), verifying each.</summary>
    public static TransferStats Blobs(Repository repo, IRemoteStore store, IReadOnlyList<ObjectId> ids)
    {
        if (ids.Count == 0)
            return TransferStats.None;
        var counter = new TransferCounter();
        repo.ObjectDatabase.Write(counter.Count(Batches.Get(store, ObjectKind.Blob, ids)));
        return counter.Stats;
    }
}
