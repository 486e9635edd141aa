namespace Tessera;

/// <summary>Objects moved by a transfer (<see cref="Links"/>: git link records), and their bytes as framed on the wire.</summary>
public sealed record TransferStats(int Commits, int Pages, int Blobs, int Links, long Bytes)
{
    public static readonly TransferStats None = new(0, 0, 0, 0, 0);
}

/// <summary>Options of <see cref="RemoteTransfers.Push"/>.</summary>
public sealed record PushOptions
{
    /// <summary>The remote's name (default <c>origin</c>).</summary>
    public string Remote { get; init; } = RemoteCollection.DefaultRemote;

    /// <summary>The local branch to push (default: the current branch); the remote branch has the same name.</summary>
    public string? Branch { get; init; }

    /// <summary>
    /// Move the remote branch even when that drops commits it has. A server allows it only to a
    /// token of scope <c>force</c>.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>Also create on the remote every local tag it lacks (with the commits they name); tags it has at another commit are refused.</summary>
    public bool Tags { get; init; }
}

/// <summary>
/// What a push did. <see cref="OldTip"/> is null when it created the remote branch;
/// <see cref="Tags"/> names the tags it created on the remote. <see cref="UpToDate"/> says the
/// branch did not move; links the remote lacked may still have been sent (<see cref="TransferStats.Links"/>).
/// </summary>
public sealed record PushResult(string Remote, string Branch, ObjectId? OldTip, ObjectId NewTip, bool UpToDate, TransferStats Stats, IReadOnlyList<string> Tags);

/// <summary>Options of <see cref="RemoteTransfers.Fetch"/>.</summary>
public sealed record FetchOptions
{
    public string Remote { get; init; } = RemoteCollection.DefaultRemote;

    /// <summary>Fetch sample bytes too; null: as the remote is configured (<see cref="RemoteOptions.FetchData"/>).</summary>
    public bool? FetchData { get; init; }
}

/// <summary>What a fetch did: remote-tracking branches moved and tags created.</summary>
public sealed record FetchResult(string Remote, IReadOnlyList<TrackingUpdate> Updates, TransferStats Stats, IReadOnlyList<TagUpdate> Tags);

/// <summary>Options of <see cref="RemoteTransfers.FetchData"/>: which samples to materialise.</summary>
public sealed record FetchDataOptions
{
    public string Remote { get; init; } = RemoteCollection.DefaultRemote;

    /// <summary>The revision whose samples are fetched (default HEAD).</summary>
    public string Revision { get; init; } = "HEAD";

    /// <summary>Only this node and the nodes under it (default: every node).</summary>
    public string? Path { get; init; }

    /// <summary>Only these keys of the column(s) (default: every key).</summary>
    public IReadOnlyList<SampleKey>? Keys { get; init; }
}

/// <summary>Options of <see cref="RemoteTransfers.Clone"/>.</summary>
public sealed record CloneOptions
{
    /// <summary>Copy commits, pages and refs but no sample bytes; read them later with <c>fetch-data</c>.</summary>
    public bool NoData { get; init; }

    /// <summary>How to reach the remote (token file, S3 endpoint and region).</summary>
    public RemoteOptions Remote { get; init; } = new();
}

/// <summary>Options of <see cref="RemoteTransfers.CollectGarbage"/>.</summary>
public sealed record RemoteGcOptions
{
    /// <summary>
    /// One day: longer than any push or clone is expected to take (a push that runs longer than the
    /// grace period is not protected, design note 015), and short enough that space comes back daily.
    /// </summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromDays(1);

    public string Remote { get; init; } = RemoteCollection.DefaultRemote;

    /// <summary>How long an object must have been unreachable (as found by an earlier run) before it is deleted, and how long a retired pack is kept for readers.</summary>
    public TimeSpan GracePeriod { get; init; } = DefaultGracePeriod;
}

/// <summary>
/// What one run of remote gc did: objects deleted (<see cref="BytesFreed"/>: their stored bytes),
/// packs rewritten without them, pack files removed, and <see cref="Waiting"/> unreachable objects
/// kept until they have been so for the grace period.
/// </summary>
public sealed record RemoteGcResult(string Remote, TimeSpan GracePeriod, int Commits, int Pages, long Blobs, long BytesFreed, int PacksRewritten, int PacksDeleted, int Waiting)
{
    public TimeSpan Elapsed { get; init; }
}

/// <summary>A ref deleted on a remote by <see cref="RemoteTransfers.PushDelete"/>: its kind (<c>branch</c> or <c>tag</c>), name and the commit it named.</summary>
public sealed record RemoteRefDeletion(string Kind, string Name, ObjectId Old);
