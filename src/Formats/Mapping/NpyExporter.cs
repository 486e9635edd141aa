using Tessera.Formats.NumPy;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Exports columns to <c>.npy</c> / <c>.npz</c>: a column's samples stacked along a new axis 0. An
/// array has positions, not keys, so the keys must be 0, 1, ..., n-1 (export Parquet to keep any
/// keys); ndarray samples must share one shape. str columns become <c>U</c> arrays and bytes
/// columns <c>S</c> arrays, as wide as their longest sample.
/// </summary>
public static class NpyExporter
{
    /// <summary>Writes the column <paramref name="path"/> as one <c>.npy</c> array.</summary>
    public static ExportResult ExportNpy(Repository repo, string path, string file, ExportOptions options, IProgress<double>? progress = null)
    {
        var view = ExportSource.Open(repo, options);
        var column = ExportSource.Column(view, path);
        var (dtype, shape) = Plan(column);
        long bytes = OutputFile.Write(file, stream =>
        {
            using var writer = new NpyStreamWriter(stream, dtype, shape, leaveOpen: true);
            return Write(column, writer, progress);
        });
        return new ExportResult("npy", column.Path, Path.GetFileName(file), view.Commit?.Id.ToString(), column.Count, column.Count, bytes, [column.Path]);
    }

    /// <summary>Writes each column of the group <paramref name="path"/> as a member of an <c>.npz</c> archive.</summary>
    public static ExportResult ExportNpz(Repository repo, string path, string file, ExportOptions options, IProgress<double>? progress = null)
    {
        var view = ExportSource.Open(repo, options);
        var columns = ExportSource.Columns(view, path, options);
        var plans = columns.Select(Plan).ToList();
        long total = Math.Max(1, columns.Sum(c => c.Count)), done = 0, bytes = 0;
        OutputFile.Write(file, stream =>
        {
            using var archive = new NpzWriter(stream, options.NpzCompression, leaveOpen: true);
            for (int c = 0; c < columns.Count; c++)
            {
                using var writer = archive.OpenArray(ExportSource.NameOf(columns[c]), plans[c].DType, plans[c].Shape);
                bytes += Write(columns[c], writer, DirectProgress.Part(progress, (double)done / total, (double)columns[c].Count / total));
                done += columns[c].Count;
            }
            return 0;
        });
        return new ExportResult("npz", Names.NormalizePath(path), Path.GetFileName(file), view.Commit?.Id.ToString(),
            columns.Max(c => c.Count), columns.Sum(c => c.Count), bytes, [.. columns.Select(c => c.Path)]);
    }

    /// <summary>The array's dtype and shape: (samples, *sample shape); strings as wide as the longest.</summary>
    private static (NpyDtype DType, long[] Shape) Plan(ColumnSnapshot column)
    {
        var schema = column.Schema;
        long count = column.Count;
        switch (schema.Kind)
        {
            case ColumnKind.Str:
                int characters = column.ReadAll().Max(e => (int?)e.Sample.AsString().EnumerateRunes().Count()) ?? 0;
                return (NpyDtype.Unicode(Math.Max(1, characters)), [count]);
            case ColumnKind.Bytes:
                int length = column.ReadAll().Max(e => (int?)e.Sample.Bytes.Length) ?? 0;
                return (NpyDtype.Bytes(Math.Max(1, length)), [count]);
        }
        if (schema.VariableShape)
        {
            throw new InvalidInputException(ErrorCode.ShapeMismatch,
                $"Column {column.Path} has a variable shape ({schema}); an array needs one shape for all samples. Export it to Parquet instead.");
        }
        return (NumPyDTypes.ToNpy(schema.DType!.Value), [count, .. schema.Shape.Select(d => (long)d)]);
    }

    /// <summary>Writes the samples in key order, checking that the keys are the positions 0..n-1; returns the sample bytes read.</summary>
    private static long Write(ColumnSnapshot column, NpyStreamWriter writer, IProgress<double>? progress)
    {
        long position = 0, bytes = 0;
        var item = new byte[column.Schema.Kind == ColumnKind.NDArray ? 0 : writer.Dtype.ItemSize];
        foreach (var (key, _, sample) in column.ReadAll())
        {
            if (!key.IsInt || key.Int != position)
            {
                throw new InvalidInputException(ErrorCode.InvalidKey,
                    $"Column {column.Path} has key {key} where an array needs position {position}: its keys must be 0, 1, ..., n-1. Export it to Parquet, which keeps keys.");
            }
            switch (column.Schema.Kind)
            {
                case ColumnKind.Str:
                    NpyStrings.EncodeUnicode(sample.AsString(), item);
                    writer.WriteSamples(item);
                    break;
                case ColumnKind.Bytes:
                    if (sample.Bytes.Span.EndsWith((byte)0))
                    {
                        throw new InvalidInputException(ErrorCode.InvalidArgument,
                            $"Sample {key} of {column.Path} ends with a NUL byte, which numpy strips from S strings. Export the column to Parquet, which keeps the bytes.");
                    }
                    item.AsSpan().Clear();
                    sample.Bytes.Span.CopyTo(item);
                    writer.WriteSamples(item);
                    break;
                default:
                    writer.WriteSamples(sample.Bytes.Span);
                    break;
            }
            bytes += sample.Bytes.Length;
            if (++position % 4096 == 0)
                progress?.Report((double)position / column.Count);
        }
        writer.Complete();
        progress?.Report(1);
        return bytes;
    }
}
