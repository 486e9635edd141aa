namespace Tessera;

/// <summary>
/// One object in transit: its kind, id and bytes as stored (for a blob, the header and the element
/// bytes under <see cref="Codec"/>; for commits and pages, <see cref="Codec.None"/>).
/// </summary>
public readonly record struct TransferObject(ObjectKind Kind, ObjectId Id, Codec Codec, ReadOnlyMemory<byte> Data);
