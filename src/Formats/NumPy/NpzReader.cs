using System.IO.Compression;

namespace Tessera.Formats.NumPy;

/// <summary>
/// Reads a <c>.npz</c> archive: a zip of <c>.npy</c> members, stored or deflated. An array's name is its member name
/// without the <c>.npy</c> suffix, as in <c>np.load(...).files</c>. Open it over a seekable stream: .NET copies a
/// non-seekable zip into memory.
/// </summary>
public sealed class NpzReader : IDisposable
{
    private const string NpySuffix = ".npy";

    private readonly ZipArchive archive;
    private readonly Dictionary<string, ZipArchiveEntry> members = new(StringComparer.Ordinal);

    private NpzReader(ZipArchive archive)
    {
        this.archive = archive;
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            if (entry.FullName.EndsWith('/'))
                continue; // a directory entry, not a member
            string name = entry.FullName.EndsWith(NpySuffix, StringComparison.Ordinal) ? entry.FullName[..^NpySuffix.Length] : entry.FullName;
            if (!members.TryAdd(name, entry))
                throw new NpyFormatException($"The .npz archive holds the array '{name}' twice.");
        }
        Names = [.. members.Keys];
    }

    /// <summary>Array names in archive order.</summary>
    public IReadOnlyList<string> Names { get; }

    public static NpzReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ZipArchive? archive = null;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen);
            return new NpzReader(archive);
        }
        catch (InvalidDataException e)
        {
            Release(archive, stream, leaveOpen);
            throw new NpyFormatException($"Not a valid .npz (zip) archive: {e.Message}", e);
        }
        catch (NpyFormatException)
        {
            Release(archive, stream, leaveOpen);
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

    /// <summary>Opens one member for reading sample by sample. Members must be read one at a time.</summary>
    public NpyStreamReader OpenArray(string name)
    {
        if (!members.TryGetValue(name, out ZipArchiveEntry? entry))
            throw new KeyNotFoundException($"The .npz archive has no array '{name}'; it has: {string.Join(", ", Names)}.");
        Stream content;
        try
        {
            content = entry.Open();
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new NpyFormatException($"The .npz member '{entry.FullName}' cannot be opened: {e.Message}", e);
        }
        return NpyReader.Open(new ZipMemberStream(content, entry.FullName), entry.Length, leaveOpen: false);
    }

    public void Dispose() => archive.Dispose();

    private static void Release(ZipArchive? archive, Stream stream, bool leaveOpen)
    {
        if (archive is not null)
            archive.Dispose();
        else if (!leaveOpen)
            stream.Dispose();
    }
}
