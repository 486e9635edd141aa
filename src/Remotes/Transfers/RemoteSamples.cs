namespace Tessera.Remotes;

/// <summary>A configured remote as the place a partial clone fetches missing samples from; each connection is one opened store.</summary>
internal sealed class RemoteSamples(Repository repo, Remote remote) : ISampleSource
{
    public ISampleConnection Connect() => new Connection(repo, RemoteStores.Open(remote.Url, remote.Options));

    private sealed class Connection(Repository repo, IRemoteStore store) : ISampleConnection
    {
        public int Fetch(IReadOnlyList<ObjectId> ids) => Fetcher.Blobs(repo, store, ids).Blobs;

        public void Dispose() => store.Dispose();
    }
}
