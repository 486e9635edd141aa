using System.IO.Compression;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Reads a <c>.npz</c> archive: a zip of <c>.npy</c> members, stored or deflated. An array's name is its member name
/// without the <c>.npy</c> suffix, as in <c>np.load(...).files</c>. The zip structure is checked as it is read
/// (<see cref="ZipDirectory"/>, <see cref="ZipLocalHeader"/>), and a member read to its end is checked against the
/// size and CRC-32 the archive records before its last bytes are handed out (<see cref="ZipMemberStream"/>). A member
/// holds one array and nothing else, so reading the array reads the member to its end. A non-seekable stream is
/// copied into memory first.
/// </summary>
public sealed class NpzReader : IDisposable
{
    private const string NpySuffix = ".npy";

    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly Dictionary<string, ZipEntryRecord> members = new(StringComparer.Ordinal);

    /// <summary>Members read to their end: null when they held what the archive records, else the corruption found.</summary>
    private readonly Dictionary<string, NpyFormatException?> checkedMembers = new(StringComparer.Ordinal);

    private NpzReader(Stream stream, bool leaveOpen, List<ZipEntryRecord> entries)
    {
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        foreach (ZipEntryRecord entry in entries)
        {
            if (entry.Name.EndsWith('/'))
                continue; // a directory entry, not a member
            string name = entry.Name.EndsWith(NpySuffix, StringComparison.Ordinal) ? entry.Name[..^NpySuffix.Length] : entry.Name;
            if (!this.members.TryAdd(name, entry))
                throw new NpyFormatException($"The .npz archive holds the array '{name}' twice.");
        }
        Names = [.. this.members.Keys];
    }

    /// <summary>Array names in archive order.</summary>
    public IReadOnlyList<string> Names { get; }

    public static NpzReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (!leaveOpen)
                stream.Dispose();
            (stream, leaveOpen) = (copy, false);
        }
        try
        {
            return new NpzReader(stream, leaveOpen, ZipDirectory.Read(stream));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            Release(stream, leaveOpen);
            throw new NpyFormatException($"Not a valid .npz (zip) archive: {e.Message}", e);
        }
        catch (NpyFormatException)
        {
            Release(stream, leaveOpen);
            throw;
        }
    }

    public static NpzReader OpenFile(string path) => Open(File.OpenRead(path));

    /// <summary>Reads every array of the archive into memory.</summary>
    public static IReadOnlyDictionary<string, NpyArray> ReadAll(Stream stream)
    {
        using NpzReader reader = Open(stream, leaveOpen: true);
        return reader.Names.ToDictionary(name => name, reader.Read, StringComparer.Ordinal);
    }

    public NpyArray Read(string name)
    {
        using NpyStreamReader reader = OpenArray(name);
        return reader.ReadArray();
    }

    /// <summary>
    /// Opens one member for reading sample by sample. Members must be read one at a time. Reading all samples reads
    /// the member to its end, which checks it: a corrupt member fails on the read that would return its last samples.
    /// </summary>
    public NpyStreamReader OpenArray(string name)
    {
        ZipEntryRecord entry = Entry(name);
        NpyStreamReader reader;
        try
        {
            reader = NpyReader.Open(OpenContent(name, entry), entry.Size, leaveOpen: false);
        }
        catch (NpyFormatException e) when (!this.checkedMembers.ContainsKey(name))
        {
            throw new NpyFormatException($"The .npz member '{entry.Name}' is not a .npy array numpy could load: {e.Message}", e);
        }
        if (reader.BytesAfterData is > 0 and long extra)
        {
            reader.Dispose();
            throw new NpyFormatException($"The .npz member '{entry.Name}' holds {extra} bytes after its array's data; a member holds one .npy array and nothing else.");
        }
        return reader;
    }

    /// <summary>
    /// Checks that the member <paramref name="name"/> holds the bytes the archive records (size and CRC-32), reading
    /// it unless it was read to its end already; throws the corruption found, naming the member.
    /// </summary>
    public void Verify(string name)
    {
        if (!this.checkedMembers.ContainsKey(name))
        {
            using ZipMemberStream content = OpenContent(name, Entry(name));
            content.ReadToEnd();
        }
        if (this.checkedMembers[name] is { } corruption)
            throw corruption;
    }

    public void Dispose() => Release(this.stream, this.leaveOpen);

    private ZipEntryRecord Entry(string name) => this.members.TryGetValue(name, out ZipEntryRecord? entry)
        ? entry
        : throw new KeyNotFoundException($"The .npz archive has no array '{name}'; it has: {string.Join(", ", Names)}.");

    private ZipMemberStream OpenContent(string name, ZipEntryRecord entry)
    {
        Stream raw;
        try
        {
            raw = new StreamWindow(this.stream, ZipLocalHeader.DataStart(this.stream, entry), entry.CompressedSize);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new NpyFormatException($"The .npz member '{entry.Name}' cannot be read: {e.Message}", e);
        }
        Stream content = entry.Method == ZipEntryRecord.Deflated ? new DeflateStream(raw, CompressionMode.Decompress) : raw;
        return new ZipMemberStream(content, entry, outcome => this.checkedMembers.TryAdd(name, outcome));
    }

    private static void Release(Stream stream, bool leaveOpen)
    {
        if (!leaveOpen)
            stream.Dispose();
    }
}
