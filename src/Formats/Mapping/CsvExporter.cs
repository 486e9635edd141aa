using Tessera.Formats.Csv;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Exports a group's scalar columns at a commit to CSV: a key column first (integers, strings, or
/// for a mix of both the CLI's key syntax), then one row per key of the columns' union, empty where
/// a column lacks the key. Integer and bool dtypes are written
/// as integers and float dtypes as float64 (CSV keeps no dtype: they read back as int64 and
/// float64); str columns as text. Arrays of rank ≥ 1, bytes and complex columns are refused.
/// </summary>
public static class CsvExporter
{
    public static ExportResult Export(Repository repo, string path, string file, ExportOptions options, IProgress<double>? progress = null)
    {
        var view = ExportSource.Open(repo, options);
        var columns = ExportSource.Columns(view, path, options);
        var types = columns.Select(TypeOf).ToList();
        var names = columns.Select(ExportSource.NameOf).ToList();
        var encoding = KeyUnion.EncodingOf(columns);
        long rows = 0, samples = 0, bytes = 0;
        OutputFile.Write(file, stream =>
        {
            using var writer = new CsvWriter(stream,
                [new CsvColumn(KeyUnion.KeyColumnName(names), encoding == KeyEncoding.Int ? CsvColumnType.Int64 : CsvColumnType.String), .. names.Zip(types, (n, t) => new CsvColumn(n, t))],
                leaveOpen: true);
            foreach (var (key, ids) in KeyUnion.Merge(columns))
            {
                if (encoding == KeyEncoding.Int)
                    writer.WriteInt64(key.Int);
                else
                    writer.WriteString(KeyUnion.KeyText(key, encoding));
                for (int c = 0; c < ids.Length; c++)
                {
                    if (ids[c].IsZero)
                    {
                        writer.WriteNull();
                        continue;
                    }
                    var sample = columns[c].Read(ids[c]);
                    Write(writer, columns[c], key, sample);
                    samples++;
                    bytes += sample.Bytes.Length;
                }
                writer.EndRow();
                if (++rows % 65536 == 0)
                    progress?.Report(KeyUnion.Progress(rows, columns));
            }
            return 0;
        });
        progress?.Report(1);
        return new ExportResult("csv", Names.NormalizePath(path), Path.GetFileName(file), view.Commit?.Id.ToString(), rows, samples, bytes, [.. columns.Select(c => c.Path)]);
    }

    private static void Write(CsvWriter writer, ColumnSnapshot column, SampleKey key, Sample sample)
    {
        switch (sample.Kind == ColumnKind.Str ? null : sample.DType)
        {
            case null:
                writer.WriteString(sample.AsString());
                break;
            case DType.Float16:
                writer.WriteFloat64((double)sample.AsSpan<Half>()[0]);
                break;
            case DType.Float32:
                writer.WriteFloat64(sample.AsSpan<float>()[0]);
                break;
            case DType.Float64:
                writer.WriteFloat64(sample.AsSpan<double>()[0]);
                break;
            case DType.UInt64:
                ulong value = sample.AsSpan<ulong>()[0];
                writer.WriteInt64(value <= long.MaxValue ? (long)value
                    : throw new InvalidInputException(ErrorCode.InvalidArgument, $"Sample {key} of {column.Path} is {value}, beyond the int64 range CSV numbers are read in. Export the column to Parquet or .npy instead."));
                break;
            case { } dtype:
                writer.WriteInt64(IntegerValue(dtype, sample));
                break;
        }
    }

    private static long IntegerValue(DType dtype, Sample sample) => dtype switch
    {
        DType.Bool => sample.AsSpan<bool>()[0] ? 1 : 0,
        DType.Int8 => sample.AsSpan<sbyte>()[0],
        DType.Int16 => sample.AsSpan<short>()[0],
        DType.Int32 => sample.AsSpan<int>()[0],
        DType.Int64 => sample.AsSpan<long>()[0],
        DType.UInt8 => sample.AsSpan<byte>()[0],
        DType.UInt16 => sample.AsSpan<ushort>()[0],
        _ => sample.AsSpan<uint>()[0],
    };

    private static CsvColumnType TypeOf(ColumnSnapshot column)
    {
        var schema = column.Schema;
        if (schema.Kind == ColumnKind.Str)
            return CsvColumnType.String;
        if (schema.Kind == ColumnKind.Bytes || schema.Shape.Count != 0 || schema.DType is DType.Complex64 or DType.Complex128)
        {
            throw new InvalidInputException(ErrorCode.DTypeMismatch,
                $"Column {column.Path} holds {schema}; a CSV field holds one number or string. Export the group to Parquet or .npz instead.");
        }
        return schema.DType is DType.Float16 or DType.Float32 or DType.Float64 ? CsvColumnType.Float64 : CsvColumnType.Int64;
    }
}
