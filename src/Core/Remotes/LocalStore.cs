using Tessera.History;
using Tessera.Storage;

namespace Tessera.Remotes;

/// <summary>
/// A repository on this machine as one side of a transfer: the folder remote, the receiving end of
/// a fetch, and what the server serves. Receiving takes the writer lock, because blobs are
/// appended to the same packs a local writer appends to.
/// </summary>
internal sealed class LocalStore(Repository repo, bool ownsRepository) : IRemoteStore
{
    /// <summary>Received blobs are made durable and indexed every this many bytes, so an interrupted transfer keeps them.</summary>
    private const long IndexEvery = 64L << 20;
    private readonly Lock putGate = new();

    public Repository Repository => repo;

    public string? HeadBranch => repo.HeadBranch;

    public IReadOnlyDictionary<string, ObjectId> Branches() =>
        repo.Refs.List(RefKind.Branch).ToDictionary(r => r.Name, r => r.Target, StringComparer.Ordinal);

    public void UpdateBranch(string name, ObjectId? expected, ObjectId target)
    {
        Names.ValidateRef(name, "branch");
        repo.Db.InTransaction(() =>
        {
            if (repo.CommitStore.TryGet(target) is null)
            {
                throw new NotFoundException(ErrorCode.CommitNotFound,
                    $"Branch '{name}' cannot move to commit {target.ToShortString()}: the repository does not hold it. Push its objects first.");
            }
            repo.Refs.CompareAndSet(name, expected, target);
        }, durable: true);
    }

    public HashSet<ObjectId> Have(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        var result = new HashSet<ObjectId>();
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
        foreach (var id in ids)
            yield return this.Read(kind, id);
    }

    public void Put(IEnumerable<TransferObject> objects)
    {
        lock (this.putGate)
        {
            var (token, _) = WriterLock.Acquire(repo.Db, force: false);
            try
            {
                using var blobs = new BlobWriter(repo.Db, repo.PackStore, repo.Index);
                repo.Index.Load();
                this.Receive(objects, blobs);
            }
            finally
            {
                WriterLock.Release(repo.Db, token);
            }
        }
    }

    public void Dispose()
    {
        if (ownsRepository)
            repo.Dispose();
    }

    private void Receive(IEnumerable<TransferObject> objects, BlobWriter blobs)
    {
        var pages = new Dictionary<ObjectId, byte[]>();
        var commits = new List<(ObjectId Id, byte[] Data)>();
        long unindexed = 0;
        foreach (var obj in objects)
        {
            ObjectVerifier.Verify(obj);
            switch (obj.Kind)
            {
                case ObjectKind.Blob when !blobs.Has(obj.Id):
                    var stored = obj.Data.Span;
                    blobs.Append(obj.Id, [], stored, obj.Codec, Crc32C.Compute(stored));
                    unindexed += stored.Length;
                    if (unindexed >= IndexEvery)
                    {
                        IndexReceived(blobs);
                        unindexed = 0;
                    }
                    break;
                case ObjectKind.Page:
                    pages.TryAdd(obj.Id, obj.Data.ToArray());
                    break;
                case ObjectKind.Commit:
                    commits.Add((obj.Id, obj.Data.ToArray()));
                    break;
            }
        }
        blobs.Sync();
        repo.Db.InTransaction(() =>
        {
            blobs.FlushIndex();
            repo.Pages.Write(pages);
            foreach (var (id, data) in commits)
                this.InsertCommit(id, data, pages);
        }, durable: true);
    }

    /// <summary>Fsyncs the received pack bytes, then indexes them: an index entry never names bytes a crash could lose.</summary>
    private void IndexReceived(BlobWriter blobs)
    {
        blobs.Sync();
        repo.Db.InTransaction(blobs.FlushIndex, durable: true);
    }

    /// <summary>Stores a commit once its tree and parents are here, so a held commit always means a complete history.</summary>
    private void InsertCommit(ObjectId id, byte[] data, Dictionary<ObjectId, byte[]> pages)
    {
        Commit commit;
        try
        {
            commit = Commit.Decode(id, data);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new CorruptObjectException($"Commit {id.ToShortString()} does not decode ({ex.Message}); it was not stored.");
        }
        if (!pages.ContainsKey(commit.Tree) && !repo.Pages.Contains(commit.Tree))
            throw new TransferException($"Commit {id.ToShortString()} arrived without its tree {commit.Tree.ToShortString()}; send pages before commits. Nothing was stored.");
        foreach (var parent in commit.Parents)
        {
            if (repo.CommitStore.TryGet(parent) is null)
                throw new TransferException($"Commit {id.ToShortString()} arrived before its parent {parent.ToShortString()}; send parents first. Nothing was stored.");
        }
        repo.CommitStore.Insert(commit, data);
    }

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
                if (!repo.Pages.Contains(id))
                    throw Missing(kind, id);
                return new TransferObject(kind, id, Codec.None, repo.Pages.Raw(id));
            default:
                if (!repo.Index.TryGet(id, out var loc))
                    throw Missing(kind, id);
                return new TransferObject(kind, id, loc.Codec, repo.Blobs.StoredBytes(id, loc).ToArray());
        }
    }

    private NotFoundException Missing(ObjectKind kind, ObjectId id) => new(ErrorCode.MissingObject,
        $"The repository at {repo.Root} does not hold {kind.Name()} {id.ToShortString()}. If it is a partial clone, fetch its data with 'dotnet tensor fetch-data' there first.");
}
