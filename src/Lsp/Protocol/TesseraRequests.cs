namespace Tessera.Lsp.Protocol;

// Params of the tessera/* requests (docs/lsp.md). Repository is a repository folder (or any
// folder inside one, or a file: URI of it); revisions are read as the CLI reads them.

public sealed record RepositoryParams(string Repository);

public sealed record LogParams(string Repository, string? Rev = null, bool All = false, int? Limit = null);

public sealed record SchemaParams(string Repository, string? Rev = null);

/// <summary>No <c>to</c>: <c>from</c> (default the branch tip) against the staging area. Keys are paged per node.</summary>
public sealed record DiffParams(
    string Repository, string? From = null, string? To = null, string? Path = null, bool Numeric = false, bool Stat = false, int Offset = 0, int Limit = DiffParams.DefaultLimit)
{
    public const int DefaultLimit = 1000;
}

/// <summary>Both sides: what merging <c>theirs</c> into <c>ours</c> would conflict on; neither: the merge in progress.</summary>
public sealed record ConflictsParams(string Repository, string? Ours = null, string? Theirs = null);

public sealed record SampleParams(string Repository, string Path, string Key, string? Rev = null, int MaxElements = SampleParams.DefaultMaxElements)
{
    public const int DefaultMaxElements = 4096;
}

/// <summary>One page of a column's keys or an array's stored chunks at <c>rev</c> (default HEAD).</summary>
public sealed record KeysParams(string Repository, string Path, string? Rev = null, int Offset = 0, int Limit = KeysParams.DefaultLimit)
{
    public const int DefaultLimit = 1000;
}

public sealed record RepositoryChangedParams(string Repository);
