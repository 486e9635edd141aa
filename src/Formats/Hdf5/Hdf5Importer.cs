using System.Text.Json.Nodes;
using PureHDF;
using Tessera.Formats.Mapping;

namespace Tessera.Formats.Hdf5;

/// <summary>How to import an HDF5 file.</summary>
public sealed record Hdf5ImportOptions
{
    /// <summary>The new group for the file's root group; null: the file's name without its extension.</summary>
    public string? Into { get; init; }

    /// <summary>Numeric datasets become columns (axis 0 indexes the samples, keys 0, 1, ... as for .npy) instead of arrays.</summary>
    public bool AsColumns { get; init; }
}

/// <summary>What an import of an HDF5 file staged.</summary>
public sealed record Hdf5ImportResult(string File, string Into, int Groups, int Arrays, int Columns, long Bytes);

/// <summary>
/// Stages an HDF5 file (read with PureHDF) under a new group, all or nothing: groups become groups, numeric datasets
/// arrays with the file's chunk shape (or columns, <see cref="Hdf5ImportOptions.AsColumns"/>), 1-d string datasets
/// str columns (variable-length strings) or bytes columns (fixed-length), attributes attributes
/// (<see cref="Hdf5Attributes"/>). A scalar dataset becomes an array of shape (1,) with the attribute
/// <see cref="ScalarAttribute"/>, which export reads to write a scalar back. Every object and type is checked before
/// anything is staged (<see cref="Hdf5Type.Of"/> names what is refused), and staging runs as one operation.
/// </summary>
public static class Hdf5Importer
{
    /// <summary>Marks an array that was a scalar (rank-0) HDF5 dataset.</summary>
    public const string ScalarAttribute = "_hdf5_scalar";

    /// <summary>Numeric datasets are read in slabs of whole rows of about this many bytes, so memory stays bounded (settable for tests).</summary>
    internal static long SlabBytes { get; set; } = 64 << 20;

    /// <summary>Chunks of datasets stored unchunked (contiguous or compact) hold about this many bytes.</summary>
    private const long DefaultChunkBytes = 1 << 20;

    public static Hdf5ImportResult Import(WriteCheckout writer, string file, Hdf5ImportOptions options, IProgress<double>? progress = null)
    {
        string name = Path.GetFileName(file);
        string into = Names.NormalizePath(options.Into ?? DefaultInto(name));
        if (writer.Nodes.Any(n => n.Path == into))
            throw new StateException(ErrorCode.NodeExists, $"A node already exists at '{into}'. Choose another --into path; the existing node is left as it is.");
        using var h5 = Read(file, () => H5File.OpenRead(file));
        var plan = new List<Planned>();
        Read(file, () => Plan(h5, into, "/", name, options, plan));
        long bytes = 0;
        using (var operation = writer.BeginOperation($"import HDF5 {name}"))
        {
            for (int i = 0; i < plan.Count; i++)
            {
                bytes += Stage(writer, plan[i], file);
                progress?.Report((double)(i + 1) / plan.Count);
            }
            operation.Complete();
        }
        return new Hdf5ImportResult(name, into, plan.Count(p => p.Dataset is null), plan.Count(p => p.Array is not null), plan.Count(p => p.Column is not null), bytes);
    }

    /// <summary>
    /// Runs a read of the file. PureHDF reports a damaged or truncated file with plain exceptions of many types, so
    /// any failure but ours and the file system's (missing, not allowed) is the file's, named as such.
    /// </summary>
    private static T Read<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not (TesseraException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or OutOfMemoryException))
        {
            throw InvalidFileException.Unreadable(file, "HDF5", e);
        }
    }

    private static void Read(string file, Action read) => Read(file, () =>
    {
        read();
        return 0;
    });

    private static string DefaultInto(string file)
    {
        string stem = Path.GetFileNameWithoutExtension(file);
        return Names.IsValid(stem) ? stem : throw new InvalidInputException(ErrorCode.InvalidName,
            $"'{stem}' (the file's name) is not a node name to import into; give one with --into (1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.').");
    }

    /// <summary>Checks the group (at <paramref name="inFile"/> in the file) and everything under it, listing what to stage in order (parents first).</summary>
    private static void Plan(IH5Group group, string path, string inFile, string file, Hdf5ImportOptions options, List<Planned> plan)
    {
        plan.Add(new Planned(path, Hdf5Attributes.Read(group, $"group {inFile} of {file}"), null, null, null, null));
        foreach (var child in group.Children())
        {
            string childInFile = inFile == "/" ? $"/{child.Name}" : $"{inFile}/{child.Name}";
            if (!Names.IsValid(child.Name))
                throw new InvalidFileException($"{childInFile} in {file} has a name that is not a node name (1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.'). Rename it in the file; nothing was imported.");
            string childPath = $"{path}/{child.Name}";
            switch (child)
            {
                case IH5Group sub:
                    Plan(sub, childPath, childInFile, file, options, plan);
                    break;
                case IH5Dataset dataset:
                    plan.Add(PlanDataset(dataset, childPath, $"Dataset {childInFile} of {file}", options));
                    break;
                case IH5UnresolvedLink link:
                    throw new InvalidFileException($"{childInFile} in {file} is a link that does not resolve ({link.Reason?.Message ?? "its target is missing"}). Remove the link or restore its target; nothing was imported.");
                default:
                    // Committed data types name types, not data.
                    break;
            }
        }
    }

    private static Planned PlanDataset(IH5Dataset dataset, string path, string what, Hdf5ImportOptions options)
    {
        var type = Hdf5Type.Of(dataset.Type, what);
        var attributes = Hdf5Attributes.Read(dataset, what);
        bool scalar = dataset.Space.Type == H5DataspaceType.Scalar;
        var dims = scalar ? [1L] : dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray();
        if (dataset.Space.Type == H5DataspaceType.Null)
            throw new InvalidFileException($"{what} has no dataspace (holds no values). Remove it, or store an empty array; nothing was imported.");
        if (type.Kind != Hdf5ValueKind.Numeric)
        {
            if (dims.Length != 1 || scalar)
                throw new InvalidFileException($"{what} holds strings of shape ({string.Join(", ", dims)}); a string sample is one value, so import 1-d string datasets. Reshape it to 1-d in the file; nothing was imported.");
            return new Planned(path, attributes, dataset, type, null, type.Kind == Hdf5ValueKind.Text ? ColumnSchema.Str() : ColumnSchema.Bytes());
        }
        if (scalar)
            attributes[ScalarAttribute] = true;
        var dtype = type.DType!.Value;
        if (options.AsColumns && !scalar)
        {
            var sample = dims[1..];
            if (sample.Any(d => d == 0 || d > int.MaxValue))
                throw new InvalidFileException($"{what} has shape ({string.Join(", ", dims)}): its samples along axis 0 have shape ({string.Join(", ", sample)}), which Tessera does not store. Import it without --as-columns; nothing was imported.");
            return new Planned(path, attributes, dataset, type, null, ColumnSchema.NDArray(dtype, [.. sample.Select(d => (int)d)]));
        }
        int[] chunks = dataset.Layout.Class == H5DataLayoutClass.Chunked
            ? [.. dataset.Layout.Chunks.Select(c => checked((int)c))]
            : DefaultChunks(dims, dtype.ItemSize());
        return new Planned(path, attributes, dataset, type, new ArraySchema(dtype, dims, chunks), null);
    }

    /// <summary>The whole shape, halving the leading axes until a chunk holds at most <see cref="DefaultChunkBytes"/>.</summary>
    private static int[] DefaultChunks(long[] shape, int itemSize)
    {
        var chunks = shape.Select(d => (int)Math.Clamp(d, 1, int.MaxValue)).ToArray();
        for (int axis = 0; axis < chunks.Length; axis++)
        {
            while (chunks[axis] > 1 && chunks.Aggregate((long)itemSize, (a, c) => a * c) > DefaultChunkBytes)
                chunks[axis] = (chunks[axis] + 1) / 2;
        }
        return chunks;
    }

    private static long Stage(WriteCheckout writer, Planned node, string file)
    {
        if (node.Dataset is null)
        {
            writer.CreateGroup(node.Path);
            SetAttributes(writer, node.Path, node.Attributes);
            return 0;
        }
        var source = new DatasetSource(node.Dataset);
        if (node.Array is { } schema)
        {
            var array = writer.CreateArray(node.Path, schema);
            SetAttributes(writer, node.Path, node.Attributes);
            if (schema.Shape.Contains(0))
                return 0;
            if (node.Dataset.Space.Type == H5DataspaceType.Scalar)
            {
                var value = Read(file, () => Hdf5Reading.Numbers(source, schema.DType));
                array.WriteBytes(value, Slice.Range(0, 1));
                return value.Length;
            }
            long written = 0;
            foreach (var (start, count) in Slabs(node.Dataset, schema.DType, schema.Chunks[0]))
            {
                var data = Read(file, () => Hdf5Reading.Numbers(new DatasetSource(node.Dataset, start, count), schema.DType));
                array.WriteBytes(data, [Slice.Range(start, start + count), .. schema.Shape.Skip(1).Select(d => Slice.Range(0, d))]);
                written += data.Length;
            }
            return written;
        }
        var column = writer.CreateColumn(node.Path, node.Column!);
        SetAttributes(writer, node.Path, node.Attributes);
        long rows = (long)node.Dataset.Space.Dimensions[0];
        var keys = Enumerable.Range(0, checked((int)rows)).Select(i => SampleKey.Of(i)).ToArray();
        switch (node.Type!.Kind)
        {
            case Hdf5ValueKind.Text:
                var text = Read(file, () => node.Dataset.Read<string[]>());
                column.AddStrings(keys, text);
                return text.Sum(t => (long)System.Text.Encoding.UTF8.GetByteCount(t));
            case Hdf5ValueKind.FixedBytes:
                var values = Read(file, () => Hdf5Reading.FixedStrings(source, node.Type.Size));
                SampleStager.For(values.Count, i => column.AddBytes(keys[i], values[i]));
                return values.Sum(v => (long)v.Length);
            default:
                var dtype = node.Column!.DType!.Value;
                long staged = 0;
                foreach (var (start, count) in Slabs(node.Dataset, dtype, 1))
                {
                    var bytes = Read(file, () => Hdf5Reading.Numbers(new DatasetSource(node.Dataset, start, count), dtype));
                    SampleStager.AddFixed(column, keys[(int)start..(int)(start + count)], dtype, bytes);
                    staged += bytes.Length;
                }
                return staged;
        }
    }

    /// <summary>
    /// Runs of whole rows (axis 0) of about <see cref="SlabBytes"/>, a multiple of <paramref name="rowMultiple"/> rows
    /// (the chunk's, so each chunk is written once), that a dataset is read in.
    /// </summary>
    private static IEnumerable<(long Start, long Count)> Slabs(IH5Dataset dataset, DType dtype, int rowMultiple)
    {
        var dims = dataset.Space.Dimensions;
        long rowBytes = dims.Skip(1).Aggregate((long)dtype.ItemSize(), (a, d) => a * (long)d);
        long rows = Math.Max(rowMultiple, SlabBytes / Math.Max(rowBytes, 1) / rowMultiple * rowMultiple);
        for (long start = 0; start < (long)dims[0]; start += rows)
            yield return (start, Math.Min(rows, (long)dims[0] - start));
    }

    private static void SetAttributes(WriteCheckout writer, string path, JsonObject attributes)
    {
        foreach (var (key, value) in attributes)
            writer.SetAttribute(path, key, value);
    }

    /// <summary>One node to stage: a group (no dataset), an array or a column.</summary>
    private sealed record Planned(string Path, JsonObject Attributes, IH5Dataset? Dataset, Hdf5Type? Type, ArraySchema? Array, ColumnSchema? Column);
}
