namespace Tessera.Storage;

/// <summary>
/// What a reader of dictionary-encoded data (a Parquet column chunk's dictionary pages) knows of a
/// batch's elements already: element i is element <c>Codes[i]</c> of <see cref="Dictionary"/>. The
/// dictionary codec then counts a run's distinct values by their codes instead of hashing every
/// element (<see cref="DictionaryCodec"/>). It compares each element with its code's, and counts by
/// hashing when one differs, so a wrong hint costs time, never bytes.
/// </summary>
/// <param name="dictionary">The dictionary's elements back to back, little-endian, of the batch's element size.</param>
/// <param name="codes">One code per element of the batch.</param>
internal sealed class ElementCodes(ReadOnlyMemory<byte> dictionary, ReadOnlyMemory<ushort> codes)
{
    public ReadOnlyMemory<byte> Dictionary { get; } = dictionary;

    public ReadOnlyMemory<ushort> Codes { get; } = codes;
}
