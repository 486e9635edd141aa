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

/// <summary>One remote-tracking branch a fetch moved (<see cref="OldTip"/> null: new; <see cref="NewTip"/> null: the remote deleted it).</summary>
public sealed record TrackingUpdate(string Name, ObjectId? OldTip, ObjectId? NewTip);

/// <summary>A remote tag a fetch met: <see cref="Created"/> when it made the local tag; false when a local tag of that name names another commit and was kept.</summary>
public sealed record TagUpdate(string Name, ObjectId Target, bool Created);
