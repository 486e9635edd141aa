using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Files;

/// <summary>What the last import of a file staged: its size, time and content hash then, and the ids of the samples made from it.</summary>
public sealed record ImportedFile(long Size, long Modified, string Sha256, string DataId, string? LabelId);

/// <summary>
/// The bookkeeping that lets a re-import skip files that did not change, as git's index does:
/// <c>.tensor/imports/files-HASH.json</c> per group (HASH of the group path), written after an
/// import completes. It is not versioned: a file counts as unchanged only when its size and time
/// (or else its content hash) match the record and the group's samples still have the ids the
/// import staged, so a reset, a branch switch or a hand edit makes the file import again.
/// </summary>
internal sealed class ImportState
{
    private const int Version = 1;

    private ImportState(string directory, string mode, Dictionary<string, ImportedFile> files)
    {
        this.Directory = directory;
        this.Mode = mode;
        this.Files = files;
    }

    /// <summary>The imported folder (full path).</summary>
    public string Directory { get; }

    /// <summary>How the files were imported (<see cref="FilesImportOptions.Mode"/>): a record made another way does not apply.</summary>
    public string Mode { get; }

    /// <summary>By key.</summary>
    public Dictionary<string, ImportedFile> Files { get; }

    public static ImportState Empty(string directory, string mode) => new(directory, mode, new(StringComparer.Ordinal));

    /// <summary>The record of the last import of <paramref name="directory"/> into <paramref name="group"/> made as <paramref name="mode"/>, or an empty one.</summary>
    public static ImportState Load(Repository repo, string group, string directory, string mode)
    {
        string file = PathOf(repo, group);
        if (!File.Exists(file))
            return Empty(directory, mode);
        try
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(file), ImportStateJson.Default.StoredImportState);
            if (stored is null || stored.Version != Version || stored.Directory != directory || stored.Mode != mode)
                return Empty(directory, mode);
            return new ImportState(directory, mode, new Dictionary<string, ImportedFile>(stored.Files, StringComparer.Ordinal));
        }
        catch (JsonException)
        {
            // A damaged record only costs a full re-import: every file is compared with its sample again.
            return Empty(directory, mode);
        }
    }

    /// <summary>Replaces the record (written aside, then renamed, so a crash leaves the old one or the new one).</summary>
    public void Save(Repository repo, string group)
    {
        string file = PathOf(repo, group);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string temporary = $"{file}.tmp-{Guid.NewGuid():N}";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(new StoredImportState(Version, this.Directory, this.Mode, this.Files), ImportStateJson.Default.StoredImportState));
        File.Move(temporary, file, overwrite: true);
    }

    private static string PathOf(Repository repo, string group)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(group)))[..16];
        return Path.Combine(repo.Root, Repository.DirectoryName, "imports", $"files-{hash}.json");
    }
}

/// <summary>The record's JSON.</summary>
internal sealed record StoredImportState(int Version, string Directory, string Mode, Dictionary<string, ImportedFile> Files);

/// <summary>Compiled (de)serialization: a re-import of 20,000 unchanged files reads the record in a few milliseconds, with no reflection to warm up.</summary>
[JsonSerializable(typeof(StoredImportState))]
internal sealed partial class ImportStateJson : JsonSerializerContext;
