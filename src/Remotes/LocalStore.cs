using Tessera.Remotes.Collection;

namespace Tessera.Remotes;

/// <summary>
/// A repository on this machine as one side of a transfer (the folder remote, the receiving end of
/// a fetch): its <see cref="ObjectDatabase"/>, which verifies whatever it stores.
/// </summary>
internal sealed class LocalStore(Repository repo, bool ownsRepository) : IRemoteStore
{
    public Repository Repository => repo;

    public string? HeadBranch => repo.HeadBranch;

    public IReadOnlyDictionary<string, ObjectId> Branches() => repo.ObjectDatabase.Branches();

    public void UpdateBranch(string name, ObjectId? expected, ObjectId target, bool force) =>
        repo.ObjectDatabase.UpdateBranch(name, expected, target, force);

    public void DeleteBranch(string name, ObjectId expected) => repo.ObjectDatabase.DeleteBranch(name, expected);

    public IReadOnlyDictionary<string, ObjectId> Tags() => repo.ObjectDatabase.Tags();

    public void CreateTag(string name, ObjectId target) => repo.ObjectDatabase.CreateTag(name, target);

    public void DeleteTag(string name, ObjectId expected) => repo.ObjectDatabase.DeleteTag(name, expected);

    public IReadOnlyCollection<ObjectId> Links() => repo.ObjectDatabase.LinkIds();

    /// <summary>Leaves out what a remote gc of this repository may delete (<see cref="FolderRemote.Have"/>).</summary>
    public HashSet<ObjectId> Have(ObjectKind kind, IReadOnlyList<ObjectId> ids) => FolderRemote.Have(repo, kind, ids);

    public IEnumerable<TransferObject> Get(ObjectKind kind, IReadOnlyList<ObjectId> ids) => repo.ObjectDatabase.Read(kind, ids);

    /// <summary>Stores objects sent to this repository, which must then hold every sample their pages name.</summary>
    public void Put(IEnumerable<TransferObject> objects) => repo.ObjectDatabase.Write(objects);

    public RemoteGcResult CollectGarbage(string remote, TimeSpan gracePeriod) => FolderRemote.CollectGarbage(repo, remote, gracePeriod);

    public void Dispose()
    {
        if (ownsRepository)
            repo.Dispose();
    }
}
