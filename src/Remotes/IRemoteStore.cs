namespace Tessera.Remotes;

/// <summary>
/// The other side of a transfer: a repository on disk, a server, or object storage. Everything is
/// addressed by id, so both sides negotiate what the other lacks and move only that.
/// Implementations verify every object they receive against its id before storing it.
/// </summary>
internal interface IRemoteStore : IDisposable
{
    /// <summary>The branch the remote checks out by default (what a clone starts on), if it has one.</summary>
    string? HeadBranch { get; }

    /// <summary>The remote's branches and their tips.</summary>
    IReadOnlyDictionary<string, ObjectId> Branches();

    /// <summary>
    /// Moves a remote branch from <paramref name="expected"/> (null: it must not exist) to
    /// <paramref name="target"/> atomically; throws <see cref="ErrorCode.ConcurrentUpdate"/> when it
    /// moved meanwhile, and <see cref="ErrorCode.NonFastForward"/> when <paramref name="target"/> does
    /// not descend from <paramref name="expected"/> unless <paramref name="force"/>.
    /// </summary>
    void UpdateBranch(string name, ObjectId? expected, ObjectId target, bool force);

    /// <summary>
    /// Deletes a remote branch if it still points to <paramref name="expected"/>; throws
    /// <see cref="ErrorCode.RefNotFound"/> when the remote has no such branch,
    /// <see cref="ErrorCode.CurrentBranch"/> for <see cref="HeadBranch"/>, and
    /// <see cref="ErrorCode.ConcurrentUpdate"/> when it moved meanwhile.
    /// </summary>
    void DeleteBranch(string name, ObjectId expected);

    /// <summary>The remote's tags and the commits they name.</summary>
    IReadOnlyDictionary<string, ObjectId> Tags();

    /// <summary>
    /// Creates a tag at a commit the remote holds. Tags are never moved: the same tag again is a
    /// no-op, another commit under the name throws <see cref="ErrorCode.RefExists"/>.
    /// </summary>
    void CreateTag(string name, ObjectId target);

    /// <summary>Deletes a remote tag if it still names <paramref name="expected"/>; the refusals of <see cref="DeleteBranch"/> but the current branch's.</summary>
    void DeleteTag(string name, ObjectId expected);

    /// <summary>
    /// Deletes the objects no ref of the remote reaches, safely against pushes running at the same
    /// time: only objects an earlier run found unreachable at least <paramref name="gracePeriod"/>
    /// ago, and packs are rewritten without them (design note 015).
    /// </summary>
    RemoteGcResult CollectGarbage(string remote, TimeSpan gracePeriod);

    /// <summary>
    /// The ids of the git link records the remote holds (one per linked commit, or more where a
    /// store keeps replaced ones); null when it keeps none (a server of an older version).
    /// </summary>
    IReadOnlyCollection<ObjectId>? Links();

    /// <summary>Which of <paramref name="ids"/> the remote holds.</summary>
    HashSet<ObjectId> Have(ObjectKind kind, IReadOnlyList<ObjectId> ids);

    /// <summary>
    /// Streams the objects with these ids; refuses ids it does not hold. An object's bytes may be
    /// valid only until the next object is read (a network buffer): consumers that keep objects copy them.
    /// </summary>
    IEnumerable<TransferObject> Get(ObjectKind kind, IReadOnlyList<ObjectId> ids);

    /// <summary>
    /// Verifies and stores objects, sent in the order samples, pages (children first), commits
    /// (parents first), links. Blobs are stored as they arrive (a rerun skips them); commits, pages
    /// and links become visible together when the whole batch arrived, each only once everything
    /// it names is present.
    /// </summary>
    void Put(IEnumerable<TransferObject> objects);
}
