namespace Tessera.Formats.Zarr;

/// <summary>How to export.</summary>
public sealed record ZarrExportOptions
{
    /// <summary>The commit, branch or tag to read; null: the staging area.</summary>
    public string? Revision { get; init; }

    /// <summary>Compress chunks with gzip (else the bytes codec only).</summary>
    public bool Gzip { get; init; } = true;
}

/// <summary>What an export wrote.</summary>
/// <param name="Commit">The full id of the commit read; null when the staging area was read.</param>
/// <param name="SkippedColumns">The columns left out: those whose samples are not numbers of one fixed shape, or nested.</param>
public sealed record ZarrExportResult(string Path, string? Commit, string Directory, int Groups, int Arrays, long Chunks, long Bytes, IReadOnlyList<string> SkippedColumns);

/// <summary>
/// Writes the <see cref="ZarrView"/> of a group (recursively, "/" for the whole dataset) or array,
/// as staged or at a commit, as a Zarr v3 directory store: every key a file. The store is built in a
/// sibling folder and moved into place at the end, so a failed export leaves no half-written store;
/// links and other kinds of path are treated as <see cref="Mapping.OutputFile.DirectoryTarget"/> says.
/// </summary>
public static class ZarrExporter
{
    public static ZarrExportResult Export(Repository repo, string path, string directory, ZarrExportOptions options, IProgress<double>? progress = null)
    {
        var store = ZarrView.Open(IReadView.Open(repo, options.Revision), path, options.Gzip);
        // Through a link to a folder, the store replaces the (empty) folder it points to, and the link stays.
        string target = Mapping.OutputFile.DirectoryTarget(directory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{directory}' is not empty. Export into a new or empty folder, so no stale chunks mix in.");
        string staging = $"{Path.TrimEndingDirectorySeparator(target)}.tmp-{Guid.NewGuid():N}";
        long chunks = 0, bytes = 0;
        try
        {
            for (int i = 0; i < store.Nodes.Count; i++)
            {
                var node = store.Nodes[i];
                Write(staging, store.Find(node.Prefix + ZarrStore.MetadataFile));
                foreach (var coords in node.Chunks())
                {
                    string key = node.Prefix + ChunkKeyEncoding.Default.Key(coords);
                    bytes += Write(staging, node.Chunk(coords, key)!);
                    chunks++;
                }
                progress?.Report((double)(i + 1) / store.Nodes.Count);
            }
            if (Directory.Exists(target))
                Directory.Delete(target);
            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
        return new ZarrExportResult(store.Path, store.Source.Commit?.Id.ToString(), directory, store.Groups, store.Arrays, chunks, bytes, store.OmittedColumns);
    }

    private static long Write(string staging, ZarrEntry entry)
    {
        var file = Path.Combine(staging, entry.Key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using var stream = File.Create(file);
        entry.WriteToAsync(stream).GetAwaiter().GetResult();
        return stream.Length;
    }
}
