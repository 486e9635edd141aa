namespace Tessera;

/// <summary>A configured remote: a name for a URL (<c>http(s)://host/repo</c>, <c>s3://bucket/prefix</c> or a folder).</summary>
public sealed record Remote(string Name, string Url, RemoteOptions Options);

/// <summary>How a remote is reached and what fetching from it brings.</summary>
public sealed record RemoteOptions
{
    /// <summary>Fetch sample bytes with the bookkeeping; false for a partial clone (<c>clone --no-data</c>), whose data comes by <c>fetch-data</c>.</summary>
    public bool FetchData { get; init; } = true;

    /// <summary>A file holding the bearer token for an HTTP remote (else <c>TESSERA_TOKEN</c> is used).</summary>
    public string? TokenFile { get; init; }

    /// <summary>The S3 endpoint URL for non-AWS object storage (MinIO, Ceph RGW); else AWS or <c>AWS_ENDPOINT_URL</c>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The S3 region; else <c>AWS_REGION</c>, else us-east-1.</summary>
    public string? Region { get; init; }
}

/// <summary>Objects moved by a transfer (<see cref="Links"/>: git link records), and their bytes as framed on the wire.</summary>
public sealed record TransferStats(int Commits, int Pages, int Blobs, int Links, long Bytes)
{
    public static readonly TransferStats None = new(0, 0, 0, 0, 0);
}

/// <summary>Options of <see cref="RemoteCollection.Push"/>.</summary>
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

/// <summary>Options of <see cref="RemoteCollection.Fetch"/>.</summary>
public sealed record FetchOptions
{
    public string Remote { get; init; } = RemoteCollection.DefaultRemote;

    /// <summary>Fetch sample bytes too; null: as the remote is configured (<see cref="RemoteOptions.FetchData"/>).</summary>
    public bool? FetchData { get; init; }
}

/// <summary>One remote-tracking branch a fetch moved (<see cref="OldTip"/> null: new; <see cref="NewTip"/> null: the remote deleted it).</summary>
public sealed record TrackingUpdate(string Name, ObjectId? OldTip, ObjectId? NewTip);

/// <summary>A remote tag a fetch met: <see cref="Created"/> when it made the local tag; false when a local tag of that name names another commit and was kept.</summary>
public sealed record TagUpdate(string Name, ObjectId Target, bool Created);

/// <summary>What a fetch did: remote-tracking branches moved and tags created.</summary>
public sealed record FetchResult(string Remote, IReadOnlyList<TrackingUpdate> Updates, TransferStats Stats, IReadOnlyList<TagUpdate> Tags);

/// <summary>Options of <see cref="RemoteCollection.FetchData"/>: which samples to materialise.</summary>
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

/// <summary>Options of <see cref="Repository.Clone"/>.</summary>
public sealed record CloneOptions
{
    /// <summary>Copy commits, pages and refs but no sample bytes; read them later with <c>fetch-data</c>.</summary>
    public bool NoData { get; init; }

    /// <summary>How to reach the remote (token file, S3 endpoint and region).</summary>
    public RemoteOptions Remote { get; init; } = new();
}
