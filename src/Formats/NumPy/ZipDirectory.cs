using System.Text;
using static Tessera.Formats.NumPy.ZipFields;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Reads a zip archive's end record (zip64 included) and central directory, and checks that they agree with each
/// other and with the file: entry counts, the directory's size and offset, every entry's fields and extra field.
/// Archives over several disks and entries needing a zip version beyond 6.3 (as Python's zipfile) are refused.
/// Every problem is an <see cref="InvalidDataException"/>.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x0605_4b50;
    private const uint Zip64LocatorSignature = 0x0706_4b50;
    private const uint Zip64EndSignature = 0x0606_4b50;
    private const uint EntrySignature = 0x0201_4b50;
    private const int EndLength = 22;
    private const int Zip64LocatorLength = 20;
    private const int Zip64EndLength = 56;
    private const int EntryLength = 46;
    private const int LocalHeaderLength = 30;
    private const int MaxCommentLength = 0xFFFF;
    private const int MaxExtractVersion = 63;

    /// <summary>The entries in directory order.</summary>
    public static List<ZipEntryRecord> Read(Stream stream)
    {
        var (directoryEnd, entryCount, directorySize, directoryOffset) = ReadEnd(stream);
        if (directoryOffset + directorySize != directoryEnd)
        {
            throw new InvalidDataException(
                $"the end record places the central directory at bytes {directoryOffset}..{directoryOffset + directorySize}, but it ends at byte {directoryEnd}.");
        }
        if (directorySize > int.MaxValue || entryCount > directorySize / EntryLength)
            throw new InvalidDataException($"the end record counts {entryCount} entries in a central directory of {directorySize} bytes.");
        var directory = new byte[directorySize];
        ReadAt(stream, directoryOffset, directory);

        var entries = new List<ZipEntryRecord>((int)entryCount);
        int at = 0;
        for (long i = 0; i < entryCount; i++)
            entries.Add(ReadEntry(directory, ref at, directoryOffset));
        if (at != directory.Length)
            throw new InvalidDataException($"the central directory holds {directory.Length - at} bytes after its {entryCount} entries.");

        // A member's bytes run up to the next record at most: two entries on one local header would be one member twice.
        var starts = entries.Select(e => e.LocalHeaderOffset).Append(directoryOffset).Order().ToArray();
        for (int i = 1; i < starts.Length; i++)
        {
            if (starts[i] == starts[i - 1])
                throw new InvalidDataException($"two central directory entries point at the same local header (byte {starts[i]}).");
        }
        return [.. entries.Select(e => e with { Limit = starts[Array.BinarySearch(starts, e.LocalHeaderOffset) + 1] })];
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes at <paramref name="offset"/>.</summary>
    public static void ReadAt(Stream stream, long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > stream.Length - destination.Length)
            throw new InvalidDataException($"bytes {offset}..{offset + destination.Length} it should hold lie past its end ({stream.Length} bytes).");
        stream.Position = offset;
        stream.ReadExactly(destination);
    }

    private static (long DirectoryEnd, long Entries, long Size, long Offset) ReadEnd(Stream stream)
    {
        long length = stream.Length;
        var tail = new byte[(int)Math.Min(length, EndLength + MaxCommentLength)];
        ReadAt(stream, length - tail.Length, tail);
        int end = tail.Length - EndLength;
        while (end >= 0 && (U32(tail, end) != EndSignature || end + EndLength + U16(tail, end + 20) > tail.Length))
            end--;
        if (end < 0)
            throw new InvalidDataException("it has no end of central directory record (it is not a zip archive, or it is cut off).");
        long endAt = length - tail.Length + end;
        ReadOnlySpan<byte> record = tail.AsSpan(end, EndLength);
        long disk = U16(record, 4), directoryDisk = U16(record, 6), onDisk = U16(record, 8), total = U16(record, 10);
        long size = U32(record, 12), offset = U32(record, 16);
        long directoryEnd = endAt;
        if (end >= Zip64LocatorLength && U32(tail, end - Zip64LocatorLength) == Zip64LocatorSignature)
        {
            ReadOnlySpan<byte> locator = tail.AsSpan(end - Zip64LocatorLength, Zip64LocatorLength);
            if (U32(locator, 4) != 0 || U32(locator, 16) > 1)
                throw new InvalidDataException($"it spans {U32(locator, 16)} disks; only single-file archives are read.");
            directoryEnd = U64(locator, 8, "the zip64 end record's offset");
            var zip64 = new byte[Zip64EndLength];
            ReadAt(stream, directoryEnd, zip64);
            if (U32(zip64, 0) != Zip64EndSignature)
                throw new InvalidDataException($"the zip64 end record is not at byte {directoryEnd}, where its locator points.");
            if (directoryEnd + 12 + U64(zip64, 4, "the zip64 end record's size") != endAt - Zip64LocatorLength)
                throw new InvalidDataException("the zip64 end record's size does not reach its locator.");
            disk = U32(zip64, 16);
            directoryDisk = U32(zip64, 20);
            onDisk = U64(zip64, 24, "the entry count");
            total = U64(zip64, 32, "the entry count");
            size = U64(zip64, 40, "the central directory's size");
            offset = U64(zip64, 48, "the central directory's offset");
        }
        else if (disk == 0xFFFF || directoryDisk == 0xFFFF || onDisk == 0xFFFF || total == 0xFFFF || size == Zip64Marker || offset == Zip64Marker)
        {
            throw new InvalidDataException("its end record defers to a zip64 end record that is not there.");
        }
        if (disk != 0 || directoryDisk != 0)
            throw new InvalidDataException("it spans several disks; only single-file archives are read.");
        if (onDisk != total)
            throw new InvalidDataException($"its end record counts {onDisk} entries on this disk and {total} in all; a single-file archive has one count.");
        return (directoryEnd, total, size, offset);
    }

    /// <summary>The entry at <paramref name="at"/>, which moves past it; its <see cref="ZipEntryRecord.Limit"/> is left 0.</summary>
    private static ZipEntryRecord ReadEntry(byte[] directory, ref int at, long directoryOffset)
    {
        if (directory.Length - at < EntryLength || U32(directory, at) != EntrySignature)
            throw new InvalidDataException($"the central directory has no entry at byte {directoryOffset + at}, where one should start.");
        ReadOnlySpan<byte> fixedPart = directory.AsSpan(at, EntryLength);
        int nameLength = U16(fixedPart, 28), extraLength = U16(fixedPart, 30), commentLength = U16(fixedPart, 32);
        if (directory.Length - at - EntryLength < nameLength + extraLength + commentLength)
            throw new InvalidDataException($"the central directory entry at byte {directoryOffset + at} runs past the end of the directory.");
        byte[] nameBytes = directory.AsSpan(at + EntryLength, nameLength).ToArray();
        string name = Encoding.UTF8.GetString(nameBytes);
        ReadOnlySpan<byte> extra = directory.AsSpan(at + EntryLength + nameLength, extraLength);
        at += EntryLength + nameLength + extraLength + commentLength;
        try
        {
            int version = fixedPart[6];
            if (version > MaxExtractVersion)
                throw new InvalidDataException($"it needs zip version {version / 10}.{version % 10} to be extracted; archives up to 6.3 are read.");
            ReadOnlySpan<byte> zip64 = Zip64Extra(extra);
            long size = Resolve(U32(fixedPart, 24), ref zip64, "size");
            long compressed = Resolve(U32(fixedPart, 20), ref zip64, "compressed size");
            long offset = Resolve(U32(fixedPart, 42), ref zip64, "local header offset");
            long disk = U16(fixedPart, 34) == 0xFFFF ? Resolve(Zip64Marker, ref zip64, "disk number") : U16(fixedPart, 34);
            if (disk != 0)
                throw new InvalidDataException($"it is on disk {disk}; only single-file archives are read.");
            if (offset > directoryOffset - LocalHeaderLength)
                throw new InvalidDataException($"its local header offset ({offset}) is not before the central directory (byte {directoryOffset}).");
            return new ZipEntryRecord(name, nameBytes, U16(fixedPart, 8), U16(fixedPart, 10), U32(fixedPart, 16), compressed, size, offset, Limit: 0);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"the central directory entry '{name}' is invalid: {e.Message}", e);
        }
    }
}
