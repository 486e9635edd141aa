using static Tessera.Formats.NumPy.ZipFields;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Checks a member's local header (and data descriptor) against its central directory entry: signature, name, flags,
/// method, CRC-32 and both sizes, zip64 extra fields included. Python's zipfile reads only the name from it; a header
/// that disagrees is refused here, as it means the archive was damaged or stitched together. Problems are
/// <see cref="InvalidDataException"/>s.
/// </summary>
internal static class ZipLocalHeader
{
    private const uint Signature = 0x0403_4b50;
    private const uint DescriptorSignature = 0x0807_4b50;
    private const int Length = 30;

    /// <summary>Flag bits 0 (encrypted), 5 (patched data) and 6 (strong encryption), which Python's zipfile refuses too.</summary>
    private const ushort UnsupportedFlags = 0x61;

    /// <summary>Checks that the member can be read (not encrypted, stored or deflated); returns where its data starts.</summary>
    public static long DataStart(Stream stream, ZipEntryRecord entry)
    {
        if ((entry.Flags & UnsupportedFlags) != 0)
            throw new InvalidDataException($"it is encrypted or patched (flags {entry.Flags:x4}); .npz members are neither.");
        if (entry.Method is not (ZipEntryRecord.Stored or ZipEntryRecord.Deflated))
            throw new InvalidDataException($"it uses compression method {entry.Method}; np.savez stores members (method 0) and np.savez_compressed deflates them (8).");
        if (entry.Method == ZipEntryRecord.Stored && entry.CompressedSize != entry.Size)
            throw new InvalidDataException($"it is stored, yet the central directory records {entry.CompressedSize} bytes stored for {entry.Size} bytes of content.");
        Span<byte> header = stackalloc byte[Length];
        ZipDirectory.ReadAt(stream, entry.LocalHeaderOffset, header);
        if (U32(header, 0) != Signature)
            throw new InvalidDataException($"there is no local header at byte {entry.LocalHeaderOffset}, where the central directory points.");
        int nameLength = U16(header, 26), extraLength = U16(header, 28);
        var variable = new byte[nameLength + extraLength];
        ZipDirectory.ReadAt(stream, entry.LocalHeaderOffset + Length, variable);
        if (!variable.AsSpan(0, nameLength).SequenceEqual(entry.NameBytes))
            throw new InvalidDataException($"its local header names it '{System.Text.Encoding.UTF8.GetString(variable, 0, nameLength)}'.");
        if (U16(header, 6) != entry.Flags)
            throw new InvalidDataException($"its local header has flags {U16(header, 6):x4}, the central directory {entry.Flags:x4}.");
        if (U16(header, 8) != entry.Method)
            throw new InvalidDataException($"its local header gives compression method {U16(header, 8)}, the central directory {entry.Method}.");

        long dataStart = entry.LocalHeaderOffset + Length + nameLength + extraLength;
        long dataEnd = dataStart + entry.CompressedSize;
        ReadOnlySpan<byte> zip64 = Zip64Extra(variable.AsSpan(nameLength));
        if (entry.HasDataDescriptor)
        {
            dataEnd += CheckDescriptor(stream, entry, dataEnd, zip64Sizes: !zip64.IsEmpty);
        }
        else
        {
            // Python writes the sizes both in the 32-bit fields and in a zip64 block: every copy must agree.
            var sizes = zip64;
            Agree(entry, U32(header, 14), Resolve(U32(header, 22), ref sizes, "size"), Resolve(U32(header, 18), ref sizes, "compressed size"), "its local header");
            if (zip64.Length >= 16)
                Agree(entry, entry.Crc32, U64(zip64, 0, "size"), U64(zip64, 8, "compressed size"), "the zip64 field of its local header");
        }
        if (dataEnd > entry.Limit)
            throw new InvalidDataException($"its {entry.CompressedSize} bytes of data run past byte {entry.Limit}, where the next record starts.");
        return dataStart;
    }

    /// <summary>Checks the data descriptor after the data; returns its length.</summary>
    private static int CheckDescriptor(Stream stream, ZipEntryRecord entry, long at, bool zip64Sizes)
    {
        int sizeLength = zip64Sizes ? 8 : 4;
        // The descriptor's signature is optional; the central directory follows, so reading as if it were there stays in the file.
        Span<byte> descriptor = stackalloc byte[4 + 4 + 2 * sizeLength];
        ZipDirectory.ReadAt(stream, at, descriptor);
        int start = U32(descriptor, 0) == DescriptorSignature ? 4 : 0;
        ReadOnlySpan<byte> fields = descriptor[start..];
        long compressed = zip64Sizes ? U64(fields, 4, "compressed size") : U32(fields, 4);
        long size = zip64Sizes ? U64(fields, 12, "size") : U32(fields, 8);
        Agree(entry, U32(fields, 0), size, compressed, "its data descriptor");
        return start + 4 + 2 * sizeLength;
    }

    private static void Agree(ZipEntryRecord entry, uint crc, long size, long compressed, string where)
    {
        if (crc != entry.Crc32 || size != entry.Size || compressed != entry.CompressedSize)
        {
            throw new InvalidDataException(
                $"{where} records CRC-32 {crc:x8}, {size} bytes, {compressed} compressed; the central directory {entry.Crc32:x8}, {entry.Size} bytes, {entry.CompressedSize} compressed.");
        }
    }
}
