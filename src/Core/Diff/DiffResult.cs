namespace Tessera;

/// <summary>How a node differs between two snapshots.</summary>
public enum NodeChange
{
    Added,
    Removed,
    /// <summary>Same node at another path (and possibly changed too).</summary>
    Moved,
    Modified,
}

/// <summary>How one sample differs.</summary>
public enum SampleChange
{
    Added,
    Removed,
    Mutated,
}

/// <summary>Options of a diff.</summary>
public sealed record DiffOptions
{
    /// <summary>List the changed keys (not only counts).</summary>
    public bool IncludeKeys { get; init; } = true;

    /// <summary>At most this many keys per node are listed; counts are always complete.</summary>
    public int MaxKeys { get; init; } = int.MaxValue;

    /// <summary>For mutated numeric samples, read both and report elements changed and max abs difference.</summary>
    public bool Numeric { get; init; }

    /// <summary>Only nodes whose path matches this glob.</summary>
    public string? PathGlob { get; init; }
}

/// <summary>Numeric statistics of a mutated sample.</summary>
/// <param name="ElementsChanged">Elements that differ (all of them when the shapes differ).</param>
/// <param name="MaxAbsDifference">Largest |new − old|; null when shapes or dtypes differ.</param>
public sealed record NumericDiff(long ElementsChanged, double? MaxAbsDifference);

/// <summary>One changed sample.</summary>
public sealed record KeyChange(string Key, SampleChange Change, ObjectId? Old, ObjectId? New, NumericDiff? Numeric);

/// <summary>One changed node with counts, and keys when asked for.</summary>
public sealed record NodeDiff(
    string Path,
    string? OldPath,
    NodeKind Kind,
    NodeChange Change,
    bool SchemaChanged,
    IReadOnlyList<string> AttributesChanged,
    long Added,
    long Removed,
    long Mutated,
    IReadOnlyList<KeyChange> Keys);

/// <summary>The differences between two snapshots (or a snapshot and the staging area).</summary>
public sealed record DiffResult(string From, string To, IReadOnlyList<NodeDiff> Nodes)
{
    public long Added => this.Nodes.Sum(n => n.Added);

    public long Removed => this.Nodes.Sum(n => n.Removed);

    public long Mutated => this.Nodes.Sum(n => n.Mutated);

    public bool IsEmpty => this.Nodes.Count == 0;
}
