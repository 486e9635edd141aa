namespace Tessera.Formats.NumPy;

/// <summary>One member of a zip archive as its central directory entry records it, zip64 fields resolved.</summary>
/// <param name="Limit">Where the next record (a member or the central directory) starts: this member's bytes end there at the latest.</param>
internal sealed record ZipEntryRecord(string Name, byte[] NameBytes, ushort Flags, ushort Method, uint Crc32, long CompressedSize, long Size,
    long LocalHeaderOffset, long Limit)
{
    public const ushort Stored = 0;
    public const ushort Deflated = 8;

    /// <summary>General purpose flag bit 3: CRC and sizes follow the data (the local header holds zeros).</summary>
    public bool HasDataDescriptor => (Flags & 0x8) != 0;
}
