namespace Tessera;

/// <summary>
/// One line of the ref log: ref <see cref="Name"/> of <see cref="Kind"/> (branch, tag or remote)
/// moved from <see cref="Old"/> to <see cref="New"/> (null: created, or deleted) at <see cref="Time"/>.
/// </summary>
public sealed record RefLogEntry(long Sequence, ObjectId? Old, ObjectId? New, string Kind, string Name, DateTimeOffset Time);
