using Tessera.Git;
using Tessera.History;

namespace Tessera.Remotes;

/// <summary>
/// A repository on this machine as one side of a transfer: the folder remote, the receiving end of
/// a fetch, and what the server serves. Receiving takes the writer lock, because blobs are
/// appended to the same packs a local writer appends to.
/// </summary>
internal sealed class LocalStore(Repository repo, bool ownsRepository) : IRemoteStore
{
    private readonly SemaphoreSlim putGate = new(1, 1);

    public Repository Repository => repo;

    public string? HeadBranch => repo.HeadBranch;

    public IReadOnlyDictionary<string, ObjectId> Branches() =>
        repo.Refs.List(RefKind.Branch).ToDictionary(r => r.Name, r => r.Target, StringComparer.Ordinal);

    /// <summary>
    /// Holding <paramref name="target"/> is the connectivity check: a receiver stores a commit only
    /// with everything it reaches (<see cref="ObjectReceiver"/>).
    /// </summary>
    public void UpdateBranch(string name, ObjectId? expected, ObjectId target, bool force)
    {
        Names.ValidateRef(name, "branch");
        repo.Db.InTransaction(() =>
        {
            if (repo.CommitStore.TryGet(target) is null)
            {
                throw new NotFoundException(ErrorCode.CommitNotFound,
                    $"Branch '{name}' cannot move to commit {target.ToShortString()}: the repository does not hold it. Push its objects first.");
            }
            if (!force && expected is { } old && old != target && !Ancestry.IsAncestor(repo.CommitStore, old, target))
            {
                throw new StateException(ErrorCode.NonFastForward,
                    $"Branch '{name}' is at {old.ToShortString()}, which {target.ToShortString()} does not contain: moving it would drop commits. " +
                    "Fetch and merge them, then push again (or push --force, which a server allows only to a token of scope 'force').");
            }
            repo.Refs.CompareAndSet(name, expected, target);
        }, durable: true);
    }

    public IReadOnlyDictionary<string, ObjectId> Tags() =>
        repo.Refs.List(RefKind.Tag).ToDictionary(r => r.Name, r => r.Target, StringComparer.Ordinal);

    public void CreateTag(string name, ObjectId target)
    {
        Names.ValidateRef(name, "tag");
        repo.Db.InTransaction(() =>
        {
            if (repo.CommitStore.TryGet(target) is null)
            {
                throw new NotFoundException(ErrorCode.CommitNotFound,
                    $"Tag '{name}' cannot name commit {target.ToShortString()}: the repository does not hold it. Push its objects first.");
            }
            if (repo.Refs.Get(RefKind.Tag, name) is { } existing)
            {
                if (existing != target)
                    throw TagExists(name, existing);
                return;
            }
            if (repo.Refs.Exists(name))
                throw new StateException(ErrorCode.RefExists, $"'{name}' already names a branch in {repo.Root}; a tag needs another name.");
            repo.Refs.Create(RefKind.Tag, name, target);
        }, durable: true);
    }

    /// <summary>The refusal to move a tag (tags are not moved by transfers).</summary>
    public static StateException TagExists(string name, ObjectId existing) => new(ErrorCode.RefExists,
        $"Tag '{name}' already names commit {existing.ToShortString()}; tags are not moved. Pick another name, or delete the tag there first.");

    public IReadOnlyCollection<ObjectId> Links() => this.LinkRecords().Keys;

    public HashSet<ObjectId> Have(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        var result = new HashSet<ObjectId>();
        if (kind == ObjectKind.Link)
        {
            var links = this.LinkRecords();
            result.UnionWith(ids.Where(links.ContainsKey));
            return result;
        }
        if (kind == ObjectKind.Blob)
        {
            // One read of the index batches written since, then in-memory lookups: a miss must not cost a query.
            repo.Index.Load();
            result.UnionWith(ids.Where(repo.Index.ContainsLoaded));
            return result;
        }
        foreach (var id in ids)
        {
            bool present = kind switch
            {
                ObjectKind.Commit => repo.CommitStore.TryGet(id) is not null,
                _ => repo.Pages.Contains(id),
            };
            if (present)
                result.Add(id);
        }
        return result;
    }

    public IEnumerable<TransferObject> Get(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        var links = kind == ObjectKind.Link ? this.LinkRecords() : null;
        foreach (var id in ids)
        {
            yield return links is null ? this.Read(kind, id)
                : new TransferObject(kind, id, Codec.None, links.GetValueOrDefault(id) ?? throw this.Missing(kind, id));
        }
    }

    /// <summary>Stores objects sent to this repository, which must then hold every sample their pages name.</summary>
    public void Put(IEnumerable<TransferObject> objects) => this.Receive(objects, requireSamples: true);

    /// <summary>Stores objects; without <paramref name="requireSamples"/> (a fetch without data) pages may name samples not held.</summary>
    public void Receive(IEnumerable<TransferObject> objects, bool requireSamples)
    {
        using var receiver = this.OpenReceiver(requireSamples);
        foreach (var obj in objects)
            receiver.Add(obj);
        receiver.Complete();
    }

    /// <summary>Starts receiving objects; receivers of one store take turns (a second waits for the first to be disposed).</summary>
    public ObjectReceiver OpenReceiver(bool requireSamples)
    {
        this.putGate.Wait();
        return new ObjectReceiver(repo, requireSamples, () => this.putGate.Release());
    }

    /// <inheritdoc cref="OpenReceiver"/>
    public async Task<ObjectReceiver> OpenReceiverAsync(bool requireSamples)
    {
        await this.putGate.WaitAsync().ConfigureAwait(false);
        return new ObjectReceiver(repo, requireSamples, () => this.putGate.Release());
    }

    public void Dispose()
    {
        if (ownsRepository)
            repo.Dispose();
    }

    /// <summary>The repository's git links as the records a transfer moves, by record id.</summary>
    private Dictionary<ObjectId, byte[]> LinkRecords() => repo.GitLinks.Store.All()
        .Select(l => GitLinkRecord.Encode(l.Commit, l.Link))
        .ToDictionary(r => ObjectId.Hash(r));

    private TransferObject Read(ObjectKind kind, ObjectId id)
    {
        switch (kind)
        {
            case ObjectKind.Commit:
                byte[]? data;
                lock (repo.Db.Gate)
                {
                    data = repo.Db.Scalar("SELECT data FROM commits WHERE id = $id", ("$id", id.ToBytes())) as byte[];
                }
                return new TransferObject(kind, id, Codec.None, data ?? throw Missing(kind, id));
            case ObjectKind.Page:
                return new TransferObject(kind, id, Codec.None, repo.Pages.TryRaw(id) ?? throw Missing(kind, id));
            default:
                if (!repo.Index.TryGet(id, out var loc))
                    throw Missing(kind, id);
                return new TransferObject(kind, id, loc.Codec, repo.Blobs.StoredMemory(id, loc));
        }
    }

    private NotFoundException Missing(ObjectKind kind, ObjectId id) => new(ErrorCode.MissingObject,
        $"The repository at {repo.Root} does not hold {kind.Name()} {id.ToShortString()}. If it is a partial clone, fetch its data with 'dotnet tensor fetch-data' there first.");
}
