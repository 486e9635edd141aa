using Tessera.Remotes.Collection;
using Amazon.Runtime;
using Amazon.S3;

namespace Tessera.Remotes.ObjectStorage;

/// <summary>
/// A repository in S3-compatible object storage: objects packed into <c>PREFIX/packs/ID.pack</c>
/// with an index <c>PREFIX/packs/ID.idx</c> each (see <see cref="PackWriter"/>), git link records
/// in packs of their own under <c>PREFIX/links/</c> (clients that predate links never list them),
/// branches at <c>PREFIX/refs/heads/NAME</c> and tags at <c>PREFIX/refs/tags/NAME</c> (see
/// <see cref="S3Refs"/>). Design note 007 explains the layout. Nothing runs on the storage side:
/// whoever fetches verifies what it reads, and only the pusher can refuse a non-fast-forward.
/// </summary>
internal sealed class S3RemoteStore : IRemoteStore
{
    private readonly S3Bucket bucket;
    private readonly PackLimits limits;
    private readonly string packs;
    private readonly PackCatalog catalog;
    private readonly string linkPacks;
    private readonly PackCatalog linkCatalog;
    private readonly S3Refs branches;
    private readonly S3Refs tags;
    private readonly S3Collection collection;
    private RemoteGcState? gcState;

    internal S3RemoteStore(S3Bucket bucket, string prefix, PackLimits limits)
    {
        this.bucket = bucket;
        this.limits = limits;
        this.packs = prefix + "packs/";
        this.catalog = new PackCatalog(bucket, this.packs);
        this.linkPacks = prefix + "links/";
        this.linkCatalog = new PackCatalog(bucket, this.linkPacks);
        this.branches = new S3Refs(bucket, prefix + "refs/heads/", "branch");
        this.tags = new S3Refs(bucket, prefix + "refs/tags/", "tag");
        this.collection = new S3Collection(bucket, prefix, limits);
    }

    /// <summary>None: a bucket has no checked-out branch (a clone takes <c>main</c>, else the first), so any branch may be deleted.</summary>
    public string? HeadBranch => null;

    public static IRemoteStore Open(string url, RemoteOptions options) => Open(url, options, PackLimits.Default);

    internal static S3RemoteStore Open(string url, RemoteOptions options, PackLimits limits)
    {
        var uri = new Uri(url);
        var bucket = uri.Host;
        var prefix = uri.AbsolutePath.Trim('/');
        if (bucket.Length == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{url}' names no bucket; use s3://bucket/prefix.");
        var endpoint = options.Endpoint ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        var region = options.Region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
        var config = new AmazonS3Config
        {
            // The SDK's default checksums and aws-chunked uploads are not understood by every
            // S3-compatible server (s3rver stores the chunk framing as the object's bytes).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        return new S3RemoteStore(new S3Bucket(new AmazonS3Client(config), url, bucket), prefix.Length == 0 ? "" : prefix + "/", limits);
    }

    public IReadOnlyDictionary<string, ObjectId> Branches() => this.branches.List();

    /// <summary>The bucket cannot tell a fast-forward (the pusher checks, with <paramref name="force"/>).</summary>
    public void UpdateBranch(string name, ObjectId? expected, ObjectId target, bool force)
    {
        Names.ValidateRef(name, "branch");
        if (!this.Holds(ObjectKind.Commit, target, out _))
            throw new NotFoundException(ErrorCode.CommitNotFound, $"{this.bucket.Url}: branch '{name}' cannot move to {target.ToShortString()}, which the bucket does not hold. Push its objects first.");
        this.branches.Move(name, expected, target);
    }

    public void DeleteBranch(string name, ObjectId expected)
    {
        Names.ValidateRef(name, "branch");
        this.branches.Delete(name, expected);
    }

    public IReadOnlyDictionary<string, ObjectId> Tags() => this.tags.List();

    public void DeleteTag(string name, ObjectId expected)
    {
        Names.ValidateRef(name, "tag");
        this.tags.Delete(name, expected);
    }

    public RemoteGcResult CollectGarbage(string remote, TimeSpan gracePeriod) => this.collection.Run(this, remote, gracePeriod);

    public void CreateTag(string name, ObjectId target)
    {
        Names.ValidateRef(name, "tag");
        if (!this.Holds(ObjectKind.Commit, target, out _))
            throw new NotFoundException(ErrorCode.CommitNotFound, $"{this.bucket.Url}: tag '{name}' cannot name {target.ToShortString()}, which the bucket does not hold. Push its objects first.");
        this.tags.Create(name, target);
    }

    /// <summary>Every link record in the bucket, replaced ones too: the receiver keeps the newest.</summary>
    public IReadOnlyCollection<ObjectId> Links() => this.linkCatalog.Ids(ObjectKind.Link);

    /// <summary>
    /// Answered from the indexes listed once per store (a push asks about every level of its pages),
    /// leaving out what remote gc may delete, so a push sends its own copy of those.
    /// </summary>
    public HashSet<ObjectId> Have(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        this.gcState ??= this.collection.ReadState();
        return ids.Where(id => this.CatalogOf(kind).TryFind(kind, id, out _) && !this.gcState.Hides(kind, id)).ToHashSet();
    }

    public IEnumerable<TransferObject> Get(ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        var found = new List<PackedObject>(ids.Count);
        foreach (var id in ids)
        {
            if (!this.Holds(kind, id, out var packed))
                throw new NotFoundException(ErrorCode.MissingObject, $"{this.bucket.Url} does not hold {kind.Name()} {id.ToShortString()}; a push into it was interrupted or someone removed objects. Push again from a complete repository.");
            found.Add(packed);
        }
        return new PackReader(this.bucket, this.limits).Read(found);
    }

    /// <summary>
    /// The caller's order (samples, pages children first, commits parents first, links) and
    /// <see cref="PackWriter"/>'s ordering of indexes keep every held object complete; links are
    /// packed last, once the commits they name are indexed.
    /// </summary>
    public void Put(IEnumerable<TransferObject> objects)
    {
        var links = new List<TransferObject>();
        new PackWriter(this.bucket, this.packs, this.limits, this.catalog).Write(SetAside(objects, links));
        if (links.Count > 0)
            new PackWriter(this.bucket, this.linkPacks, this.limits, this.linkCatalog).Write(links);
    }

    public void Dispose() => this.bucket.Dispose();

    private static IEnumerable<TransferObject> SetAside(IEnumerable<TransferObject> objects, List<TransferObject> links)
    {
        foreach (var obj in objects)
        {
            if (obj.Kind == ObjectKind.Link)
                links.Add(obj with { Data = obj.Data.ToArray() });
            else
                yield return obj;
        }
    }

    private PackCatalog CatalogOf(ObjectKind kind) => kind == ObjectKind.Link ? this.linkCatalog : this.catalog;

    /// <summary>Looks in the indexes read so far, then once more in any written since by others.</summary>
    private bool Holds(ObjectKind kind, ObjectId id, out PackedObject packed)
    {
        var catalog = this.CatalogOf(kind);
        if (catalog.TryFind(kind, id, out packed))
            return true;
        catalog.Refresh();
        return catalog.TryFind(kind, id, out packed);
    }
}
