namespace Tessera.Server;

/// <summary>How <c>dotnet tensor serve</c> runs.</summary>
public sealed record ServerOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8765";

    /// <summary>The folder whose subfolders are the repositories served, by name.</summary>
    public required string Root { get; init; }

    /// <summary>Where Kestrel listens; loopback unless told otherwise.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>The tokens (<c>token scope</c> lines); null serves without authentication, which only loopback allows.</summary>
    public string? TokenFile { get; init; }

    /// <summary>Serve only the read-only Zarr view (no push, fetch or clone); without tokens it may then listen beyond loopback, a public mirror.</summary>
    public bool ZarrOnly { get; init; }

    /// <summary>The largest request body accepted (a push is split into requests of 64 MiB).</summary>
    public long MaxRequestBytes { get; init; } = 1L << 30;
}
