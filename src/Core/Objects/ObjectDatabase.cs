using Tessera.Git;
using Tessera.History;
using Tessera.Objects;

namespace Tessera;

/// <summary>
/// The repository's content-addressed objects (commits, pages, samples, git link records) and its
/// refs, as a transfer sees them: which objects it holds, their stored bytes, storing verified
/// objects, and moving refs by compare-and-swap. Remote clients (Tessera.Remotes) and the server
/// behind <c>dotnet tensor serve</c> work through it; everything written is verified against its id first.
/// </summary>
public sealed partial class ObjectDatabase
{
    private readonly Repository repo;

    /// <summary>Receivers take turns: blobs are appended to the packs the one writer appends to.</summary>
    private readonly SemaphoreSlim receiveGate = new(1, 1);

    internal ObjectDatabase(Repository repo) => this.repo = repo;

    /// <summary>
    /// Where reads of samples this repository does not hold (a partial clone) fetch them from, one
    /// by one; null (the default): such a read fails with <see cref="ErrorCode.MissingObject"/>.
    /// </summary>
    public ISampleSource? FetchMissingFrom
    {
        get;
        set
        {
            field = value;
            this.repo.Blobs.FetchMissing = value is null ? null : id =>
            {
                using var connection = value.Connect();
                return connection.Fetch([id]) == 1;
            };
        }
    }

    /// <summary>The branches and their tips.</summary>
    public IReadOnlyDictionary<string, ObjectId> Branches() =>
        this.repo.Refs.List(RefKind.Branch).ToDictionary(r => r.Name, r => r.Target, StringComparer.Ordinal);

    /// <summary>The tags and the commits they name.</summary>
    public IReadOnlyDictionary<string, ObjectId> Tags() =>
        this.repo.Refs.List(RefKind.Tag).ToDictionary(r => r.Name, r => r.Target, StringComparer.Ordinal);

    /// <summary>
    /// Moves branch <paramref name="name"/> from <paramref name="expected"/> (null: it must not
    /// exist) to <paramref name="target"/> atomically and durably. Throws
    /// <see cref="ErrorCode.CommitNotFound"/> unless the repository holds <paramref name="target"/>
    /// (a held commit has its whole history), <see cref="ErrorCode.ConcurrentUpdate"/> when the
    /// branch moved meanwhile, and <see cref="ErrorCode.NonFastForward"/> when the move drops
    /// commits unless <paramref name="force"/>.
    /// </summary>
    public void UpdateBranch(string name, ObjectId? expected, ObjectId target, bool force)
    {
        Names.ValidateRef(name, "branch");
        this.repo.Db.InTransaction(() =>
        {
            if (this.repo.CommitStore.TryGet(target) is null)
            {
                throw new NotFoundException(ErrorCode.CommitNotFound,
                    $"Branch '{name}' cannot move to commit {target.ToShortString()}: the repository does not hold it. Push its objects first.");
            }
            if (!force && expected is { } old && old != target && !Ancestry.IsAncestor(this.repo.CommitStore, old, target))
            {
                throw new StateException(ErrorCode.NonFastForward,
                    $"Branch '{name}' is at {old.ToShortString()}, which {target.ToShortString()} does not contain: moving it would drop commits. " +
                    "Fetch and merge them, then push again (or push --force, which a server allows only to a token of scope 'force').");
            }
            this.repo.Refs.CompareAndSet(name, expected, target);
        }, durable: true);
    }

    /// <summary>
    /// Creates a tag at a commit the repository holds, durably. Tags are never moved: the same tag
    /// again is a no-op, another commit under the name (or a branch of that name) throws <see cref="ErrorCode.RefExists"/>.
    /// </summary>
    public void CreateTag(string name, ObjectId target)
    {
        Names.ValidateRef(name, "tag");
        this.repo.Db.InTransaction(() =>
        {
            if (this.repo.CommitStore.TryGet(target) is null)
            {
                throw new NotFoundException(ErrorCode.CommitNotFound,
                    $"Tag '{name}' cannot name commit {target.ToShortString()}: the repository does not hold it. Push its objects first.");
            }
            if (this.repo.Refs.Get(RefKind.Tag, name) is { } existing)
            {
                if (existing != target)
                {
                    throw new StateException(ErrorCode.RefExists,
                        $"Tag '{name}' already names commit {existing.ToShortString()}; tags are not moved. Pick another name, or delete the tag there first.");
                }
                return;
            }
            if (this.repo.Refs.Exists(name))
                throw new StateException(ErrorCode.RefExists, $"'{name}' already names a branch in {this.repo.Root}; a tag needs another name.");
            this.repo.Refs.Create(RefKind.Tag, name, target);
        }, durable: true);
    }

    /// <summary>
    /// True when the repository holds commit <paramref name="ancestor"/> and it is reachable from
    /// <paramref name="descendant"/> (a fast-forward from one to the other).
    /// </summary>
    public bool IsAncestor(ObjectId ancestor, ObjectId descendant) =>
        this.repo.CommitStore.TryGet(ancestor) is not null && Ancestry.IsAncestor(this.repo.CommitStore, ancestor, descendant);

    /// <summary>The ids of the git link records the repository holds (one per linked commit).</summary>
    public IReadOnlyCollection<ObjectId> LinkIds() => this.LinkRecords().Keys;

    /// <summary>Which of <paramref name="ids"/> the repository holds, as objects of <paramref name="kind"/>.</summary>
    public HashSet<ObjectId> Contains(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        var result = new HashSet<ObjectId>();
        switch (kind)
        {
            case ObjectKind.Link:
                var links = this.LinkRecords();
                result.UnionWith(ids.Where(links.ContainsKey));
                break;
            case ObjectKind.Blob:
                // One read of the index batches written since, then in-memory lookups: a miss must not cost a query.
                this.repo.Index.Load();
                result.UnionWith(ids.Where(this.repo.Index.ContainsLoaded));
                break;
            case ObjectKind.Commit:
                result.UnionWith(ids.Where(id => this.repo.CommitStore.TryGet(id) is not null));
                break;
            default:
                result.UnionWith(ids.Where(this.repo.Pages.Contains));
                break;
        }
        return result;
    }

    /// <summary>
    /// The stored bytes of these objects, in order; throws <see cref="ErrorCode.MissingObject"/> at
    /// the first one not held. A sample's bytes may be a view of the pack, valid while the repository is open.
    /// </summary>
    public IEnumerable<TransferObject> Read(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        var links = kind == ObjectKind.Link ? this.LinkRecords() : null;
        foreach (var id in ids)
        {
            yield return links is null ? this.Read(kind, id)
                : new TransferObject(kind, id, Codec.None, links.GetValueOrDefault(id) ?? throw this.Missing(kind, id));
        }
    }

    /// <summary>
    /// Verifies and stores objects sent in the order samples, pages (children first), commits
    /// (parents first), links: samples as they arrive, the rest together once everything they name
    /// is present. Without <paramref name="requireSamples"/> (a partial clone) pages may name samples not held.
    /// </summary>
    public void Write(IEnumerable<TransferObject> objects, bool requireSamples = true)
    {
        using var receiver = this.OpenReceiver(requireSamples);
        foreach (var obj in objects)
            receiver.Add(obj);
        receiver.Complete();
    }

    /// <summary>Starts receiving objects under the writer lock; a second receiver waits until the first is disposed.</summary>
    public ObjectReceiver OpenReceiver(bool requireSamples = true)
    {
        this.receiveGate.Wait();
        return new ObjectReceiver(this.repo, requireSamples, () => this.receiveGate.Release());
    }

    /// <inheritdoc cref="OpenReceiver"/>
    public async Task<ObjectReceiver> OpenReceiverAsync(bool requireSamples = true)
    {
        await this.receiveGate.WaitAsync().ConfigureAwait(false);
        return new ObjectReceiver(this.repo, requireSamples, () => this.receiveGate.Release());
    }

    /// <summary>
    /// Checks an object received from elsewhere against its id and the structure of its kind, and
    /// returns what it names; throws <see cref="ErrorCode.CorruptObject"/> for anything else.
    /// </summary>
    public static ObjectReferences Verify(TransferObject obj) => ObjectVerifier.Verify(obj);

    /// <summary>
    /// The samples of <paramref name="commit"/> (optionally only under node <paramref name="path"/>,
    /// only of <paramref name="keys"/>) that the repository does not hold: what a partial clone fetches.
    /// </summary>
    public IReadOnlyList<ObjectId> MissingSamples(Commit commit, string? path = null, IReadOnlyList<SampleKey>? keys = null) =>
        DataSelection.MissingBlobs(this.repo, commit, path, keys);

    /// <summary>The repository's git links as the records a transfer moves, by record id.</summary>
    private Dictionary<ObjectId, byte[]> LinkRecords() => this.repo.GitLinks.Store.All()
        .Select(l => GitLinkRecord.Encode(l.Commit, l.Link))
        .ToDictionary(r => ObjectId.Hash(r));

    private TransferObject Read(ObjectKind kind, ObjectId id)
    {
        switch (kind)
        {
            case ObjectKind.Commit:
                byte[]? data;
                lock (this.repo.Db.Gate)
                {
                    data = this.repo.Db.Scalar("SELECT data FROM commits WHERE id = $id", ("$id", id.ToBytes())) as byte[];
                }
                return new TransferObject(kind, id, Codec.None, data ?? throw this.Missing(kind, id));
            case ObjectKind.Page:
                return new TransferObject(kind, id, Codec.None, this.repo.Pages.TryRaw(id) ?? throw this.Missing(kind, id));
            default:
                if (!this.repo.Index.TryGet(id, out var loc))
                    throw this.Missing(kind, id);
                return new TransferObject(kind, id, loc.Codec, this.repo.Blobs.StoredMemory(id, loc));
        }
    }

    private NotFoundException Missing(ObjectKind kind, ObjectId id) => new NotFoundException(ErrorCode.MissingObject,
        $"The repository at {this.repo.Root} does not hold {kind.Name()} {id.ToShortString()}. If it is a partial clone, fetch its data there first.").With(ErrorDetail.Repository, this.repo.Root);
}
