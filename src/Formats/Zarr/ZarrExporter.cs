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
/// as staged or at a commit, as a Zarr v3 directory store: every key a file, written as
/// <see cref="Mapping.ExportFolder"/> says (a new or empty folder, moved into place when complete).
/// </summary>
public static class ZarrExporter
{
    public static ZarrExportResult Export(Repository repo, string path, string directory, ZarrExportOptions options, IProgress<double>? progress = null)
    {
        var store = ZarrView.Open(IReadView.OpenSettled(repo, options.Revision), path, options.Gzip);
        long chunks = 0, bytes = 0;
        Mapping.ExportFolder.Write(directory, staging =>
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
        });
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
