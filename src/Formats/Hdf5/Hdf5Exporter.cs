using PureHDF;
using Tessera.Formats.Mapping;

namespace Tessera.Formats.Hdf5;

/// <summary>How to export to HDF5.</summary>
public sealed record Hdf5ExportOptions
{
    /// <summary>The commit, branch or tag to read; null: the staging area.</summary>
    public string? Revision { get; init; }
}

/// <summary>What an export to HDF5 wrote.</summary>
/// <param name="Commit">The full id of the commit read; null when the staging area was read.</param>
/// <param name="SkippedColumns">Columns HDF5 datasets cannot hold as Tessera has them, with why.</param>
public sealed record Hdf5ExportResult(string Path, string? Commit, string File, int Groups, int Arrays, int Columns, long Bytes, IReadOnlyList<string> SkippedColumns);

/// <summary>
/// Writes a group (with everything under it) as an HDF5 file with PureHDF: groups as groups, arrays as datasets chunked
/// as the array is (chunks cut to the shape, as HDF5 requires), attributes as attributes (<see cref="Hdf5Attributes"/>).
/// A flat column whose keys are 0, 1, ..., n − 1 becomes a dataset with the samples along axis 0: fixed-shape
/// ndarrays as numbers, str as variable-length strings. Other columns (string keys, gaps, variable shapes, bytes,
/// complex numbers) are skipped and listed. The file is written whole at the end (as <see cref="OutputFile"/> says).
/// </summary>
public static class Hdf5Exporter
{
    public static Hdf5ExportResult Export(Repository repo, string path, string file, Hdf5ExportOptions options, IProgress<double>? progress = null)
    {
        var view = IReadView.OpenSettled(repo, options.Revision);
        var root = view.Node(path);
        if (root.Kind != NodeKind.Group)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{root.Path}' is a {root.Kind.Name()}; export hdf5 writes a group and everything under it. Export its group, or the {root.Kind.Name()} as .npy.").With(ErrorDetail.Path, root.Path);
        var nodes = view.Nodes.Where(n => n.Path.StartsWith(root.Path + "/", StringComparison.Ordinal)).OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
        var h5 = new H5File();
        Hdf5Attributes.Write(view.Attributes(root.Path), h5.Attributes);
        var groups = new Dictionary<string, H5Group>(StringComparer.Ordinal) { [root.Path] = h5 };
        var skipped = new List<string>();
        int arrays = 0, columns = 0;
        long bytes = 0;
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var parent = groups[Names.ParentOf(node.Path)];
            string name = Names.LeafOf(node.Path);
            var attributes = view.Attributes(node.Path);
            H5Object? written = null;
            if (node.Kind == NodeKind.Group)
            {
                written = groups[node.Path] = new H5Group();
            }
            else if (node.Kind == NodeKind.Array)
            {
                var (dataset, size) = ArrayDataset(view.Array(node.Path), attributes.Remove(Hdf5Importer.ScalarAttribute));
                written = dataset;
                bytes += size;
                arrays++;
            }
            else
            {
                var (dataset, size, why) = ColumnDataset(view.Column(node.Path));
                if (dataset is null)
                {
                    skipped.Add($"{node.Path} ({why})");
                }
                else
                {
                    written = dataset;
                    bytes += size;
                    columns++;
                }
            }
            if (written is not null)
            {
                Hdf5Attributes.Write(attributes, written.Attributes);
                parent[name] = written;
            }
            progress?.Report((double)(i + 1) / (nodes.Count + 1));
        }
        OutputFile.Write(file, stream => h5.Write(stream));
        progress?.Report(1);
        return new Hdf5ExportResult(root.Path, view.Commit?.Id.ToString(), Path.GetFileName(file), groups.Count - 1, arrays, columns, bytes, skipped);
    }

    private static (H5Dataset Dataset, long Bytes) ArrayDataset(ArrayReader array, bool scalar)
    {
        var schema = array.Schema;
        var data = array.ReadBytes();
        var values = TypedArrays.FromBytes(schema.DType, data);
        if (scalar && values.Length == 1)
            return (new H5Dataset(values.GetValue(0)!), data.Length);
        var dims = schema.Shape.Select(d => (ulong)d).ToArray();
        if (schema.Shape.Contains(0))
            return (new H5Dataset(values, fileDims: dims), 0);
        var chunks = schema.Chunks.Select((c, d) => (uint)Math.Min(c, schema.Shape[d])).ToArray();
        return (new H5Dataset(values, fileDims: dims, chunks: chunks), data.Length);
    }

    /// <summary>The dataset of a column's samples along axis 0, or why the column has none.</summary>
    private static (H5Dataset? Dataset, long Bytes, string Why) ColumnDataset(ColumnSnapshot column)
    {
        var schema = column.Schema;
        if (schema.Layout != ColumnLayout.Flat)
            return (null, 0, "nested");
        if (schema.Kind == ColumnKind.Bytes)
            return (null, 0, "bytes samples");
        if (schema.Kind == ColumnKind.NDArray && (schema.VariableShape || !TypedArrays.HasClrType(schema.DType!.Value) || schema.DType == DType.Complex128))
            return (null, 0, schema.VariableShape ? "samples of their own shapes" : "complex numbers");
        var entries = column.ReadAll().ToList();
        for (int i = 0; i < entries.Count; i++)
        {
            if (!entries[i].Key.IsInt || entries[i].Key.Int != i)
                return (null, 0, "keys are not 0, 1, ..., n - 1");
        }
        if (schema.Kind == ColumnKind.Str)
        {
            var text = entries.Select(e => e.Sample.AsString()).ToArray();
            return (new H5Dataset(text), text.Sum(t => (long)System.Text.Encoding.UTF8.GetByteCount(t)), "");
        }
        var data = entries.SelectMany(e => e.Sample.Bytes.ToArray()).ToArray();
        ulong[] dims = [(ulong)entries.Count, .. schema.Shape.Select(d => (ulong)d)];
        return (new H5Dataset(TypedArrays.FromBytes(schema.DType!.Value, data), fileDims: dims), data.Length, "");
    }
}
