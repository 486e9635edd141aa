namespace Tessera;

/// <summary>Kinds of merge conflict (Hangar's t1, t21, t22, t3, plus schema and attributes).</summary>
public enum ConflictKind
{
    /// <summary>Both sides added the key with different values (t1).</summary>
    AddedBoth = 1,
    /// <summary>Ours removed the key, theirs mutated it (t21).</summary>
    RemovedMutated = 2,
    /// <summary>Ours mutated the key, theirs removed it (t22).</summary>
    MutatedRemoved = 3,
    /// <summary>Both mutated the key to different values (t3).</summary>
    MutatedBoth = 4,
    /// <summary>The node's schema (or its existence or path) changed differently on both sides.</summary>
    Schema = 5,
    /// <summary>An attribute changed differently on both sides.</summary>
    Attribute = 6,
}

/// <summary>One conflict of a merge in progress. <see cref="Key"/> is null for node-level conflicts.</summary>
public sealed record Conflict(string Path, string? Key, ConflictKind Kind, ObjectId? Base, ObjectId? Ours, ObjectId? Theirs);

/// <summary>Names of conflict kinds as the CLI and JSON write them.</summary>
public static class ConflictKinds
{
    public static string Name(this ConflictKind kind) => kind switch
    {
        ConflictKind.AddedBoth => "added-both",
        ConflictKind.RemovedMutated => "removed-mutated",
        ConflictKind.MutatedRemoved => "mutated-removed",
        ConflictKind.MutatedBoth => "mutated-both",
        ConflictKind.Schema => "schema",
        ConflictKind.Attribute => "attribute",
        _ => kind.ToString(),
    };
}

/// <summary>
/// A conflict as the staging area stores it: node id and encoded key (the attribute name as
/// UTF-8 for attribute conflicts; empty for schema conflicts).
/// </summary>
internal sealed record ConflictRecord(string Node, byte[] Key, ConflictKind Kind, ObjectId? Base, ObjectId? Ours, ObjectId? Theirs);
