using Tessera.Formats.Mapping;

namespace Tessera.Files;

/// <summary>What an export of files wrote.</summary>
/// <param name="Commit">The full id of the commit read; null when the staging area was read.</param>
public sealed record FilesExportResult(string Path, string? Commit, string Directory, int Files, long Bytes);

/// <summary>
/// Writes a group that <see cref="FilesImporter"/> made back as a folder of files, each key back to its relative path
/// (<see cref="FileKeys"/>): the <c>file</c> column's bytes as they are, or the <c>image</c> column's images as PNG
/// (the file name's extension becomes <c>.png</c>). Files are encoded on all cores; the folder is written as
/// <see cref="ExportFolder"/> says.
/// </summary>
public static class FilesExporter
{
    public static FilesExportResult Export(Repository repo, string group, string directory, string? revision, IProgress<double>? progress = null)
    {
        var view = IReadView.OpenSettled(repo, revision);
        var node = view.Node(group);
        if (node.Kind != NodeKind.Group)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{node.Path}' is a {node.Kind.Name()}; export files takes the group that 'import files' made.").With(ErrorDetail.Path, node.Path);
        var columns = view.Nodes.Where(n => n.Kind == NodeKind.Column && Names.ParentOf(n.Path) == node.Path).Select(n => Names.LeafOf(n.Path)).ToHashSet();
        bool raw = columns.Contains(FilesLayout.FileColumn);
        if (!raw && !columns.Contains(FilesLayout.ImageColumn))
        {
            throw new NotFoundException(ErrorCode.NodeNotFound,
                $"{node.Path} has no column '{FilesLayout.ImageColumn}' or '{FilesLayout.FileColumn}' (what 'import files' makes) in {ExportSource.Where(view)}; export other columns with 'dotnet tensor export npy|parquet'.").With(ErrorDetail.Path, node.Path);
        }
        var column = view.Column($"{node.Path}/{(raw ? FilesLayout.FileColumn : FilesLayout.ImageColumn)}");
        if (!raw && (column.Schema.DType != DType.UInt8 || column.Schema.Shape.Count != 3 || column.Schema.Shape[2] is not (3 or 4)))
            throw new InvalidInputException(ErrorCode.InvalidSchema, $"{column.Path} is {column.Schema}; PNG export takes uint8 (H, W, 3 or 4) images, as 'import files' makes them.").With(ErrorDetail.Path, column.Path);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _, _) in column.Entries())
        {
            string path = PathOf(key, column.Path, raw);
            if (!paths.TryAdd(path, key.ToString()))
                throw new InvalidInputException(ErrorCode.InvalidArgument, $"Keys {paths[path]} and {key} of {column.Path} both become {path}; remove one of them (dotnet tensor rm) and export again.");
        }
        long bytes = 0;
        int done = 0, total = paths.Count;
        ExportFolder.Write(directory, staging =>
        {
            foreach (var folder in paths.Keys.Select(p => Path.GetDirectoryName(Path.Combine(staging, p))!).Distinct())
                Directory.CreateDirectory(folder);
            Parallel.ForEach(column.ReadAll(), entry =>
            {
                string file = Path.Combine(staging, PathOf(entry.Key, column.Path, raw));
                using (var stream = File.Create(file))
                {
                    if (raw)
                        stream.Write(entry.Sample.Bytes.Span);
                    else
                        ImageCodec.EncodePng(entry.Sample.Bytes.Span, entry.Sample.Shape[0], entry.Sample.Shape[1], entry.Sample.Shape[2], stream);
                    Interlocked.Add(ref bytes, stream.Length);
                }
                progress?.Report((double)Interlocked.Increment(ref done) / total);
            });
        });
        return new FilesExportResult(node.Path, view.Commit?.Id.ToString(), directory, total, bytes);
    }

    private static string PathOf(SampleKey key, string column, bool raw)
    {
        string path = !key.IsInt && FileKeys.TryDecode(key.String) is { } decoded
            ? decoded
            : throw new InvalidInputException(ErrorCode.InvalidKey, $"Key {key} of {column} is not a file's key as 'import files' makes them (cat--001.png for cat/001.png); remove it, or export the column with 'dotnet tensor export npy'.");
        return raw ? path : Path.ChangeExtension(path, ".png");
    }
}
