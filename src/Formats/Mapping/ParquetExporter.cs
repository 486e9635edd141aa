using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Exports a group's columns at a commit to Parquet: one row per key of their union (null where a
/// column lacks the key), a key column first, and the schemas in the file's key-value metadata so
/// that importing the file gives back exactly the same columns. Streams row group by row group.
/// </summary>
public static class ParquetExporter
{
    /// <summary>Rows per row group: large enough for fast scans, small enough to bound memory.</summary>
    private const int RowsPerGroup = 128 * 1024;

    /// <summary>Sample bytes per row group, for columns of large samples.</summary>
    private const long BytesPerGroup = 64L << 20;

    public static ExportResult Export(Repository repo, string path, string file, ExportOptions options, IProgress<double>? progress = null)
    {
        var view = ExportSource.Open(repo, options);
        var columns = ExportSource.Columns(view, path, options);
        var annotations = columns.Select(c => ParquetAnnotation.FromAttributes(c.Path, view.Attributes(c.Path))).ToList();
        var names = columns.Select((c, i) => annotations[i]?.Name ?? ExportSource.NameOf(c)).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new InvalidInputException(ErrorCode.Usage, $"Two columns would have the same name in the file ({string.Join(", ", names)}; original names come from the '{ParquetAnnotation.AttributeKey}' attribute). Leave one out with --columns.");
        var (encoding, rowCount) = KeyUnion.Scan(columns);
        string keyName = KeyUnion.KeyColumnName(names);
        var builders = columns.Select((c, i) => new ParquetExportColumn(c.Path, names[i], c.Schema, annotations[i])).ToList();
        var keyField = encoding == KeyEncoding.Int
            ? SchemaField.Primitive(keyName, PhysicalType.Int64, Repetition.Required)
            : SchemaField.Primitive(keyName, PhysicalType.ByteArray, Repetition.Required, LogicalType.String);
        var schema = new ParquetSchema([keyField, .. builders.Select(b => b.Field)]);
        var metadata = new ParquetMappingMetadata(keyName, encoding, names.Zip(columns, (n, c) => (n, c.Schema)).ToDictionary(p => p.n, p => p.Item2));
        var writerOptions = new ParquetWriterOptions
        {
            Codec = options.ParquetCompression,
            MaxRowsPerRowGroup = RowsPerGroup,
            KeyValueMetadata = [new(ParquetMappingMetadata.Key, metadata.ToJson())],
        };
        long rows = 0, samples = 0, bytes = 0;
        OutputFile.Write(file, stream =>
        {
            using var writer = ParquetWriter.Create(stream, schema, writerOptions, leaveOpen: true);
            var keys = new List<SampleKey>(RowsPerGroup);
            long batchBytes = 0;
            foreach (var (key, row) in KeyUnion.Merge([.. columns.Select(KeyUnion.Samples)]))
            {
                keys.Add(key);
                for (int c = 0; c < row.Length; c++)
                {
                    builders[c].Add(row[c]);
                    if (row[c] is { } sample)
                    {
                        samples++;
                        batchBytes += sample.Bytes.Length;
                    }
                }
                if (keys.Count == RowsPerGroup || batchBytes >= BytesPerGroup)
                {
                    rows += keys.Count;
                    bytes += batchBytes;
                    WriteBatch(writer, schema, keys, encoding, builders);
                    batchBytes = 0;
                    progress?.Report((double)rows / Math.Max(1, rowCount));
                }
            }
            if (keys.Count > 0 || rows == 0)
            {
                rows += keys.Count;
                bytes += batchBytes;
                WriteBatch(writer, schema, keys, encoding, builders);
            }
            return 0;
        });
        progress?.Report(1);
        return new ExportResult("parquet", Names.NormalizePath(path), Path.GetFileName(file), view.Commit?.Id.ToString(), rows, samples, bytes,
            [.. columns.Select(c => c.Path)]);
    }

    private static void WriteBatch(ParquetWriter writer, ParquetSchema schema, List<SampleKey> keys, KeyEncoding encoding, List<ParquetExportColumn> builders)
    {
        var data = new ColumnData[schema.Columns.Count];
        data[0] = KeyData(schema.Columns[0], keys, encoding);
        for (int c = 0; c < builders.Count; c++)
            data[c + 1] = builders[c].Flush(schema.Columns[c + 1]);
        writer.WriteRowGroup(data);
        keys.Clear();
    }

    private static ColumnData KeyData(ColumnDescriptor column, List<SampleKey> keys, KeyEncoding encoding)
    {
        if (encoding == KeyEncoding.Int)
            return new ColumnData(column, keys.Select(k => k.Int).ToArray(), keys.Count);
        var text = new BinaryValues(keys.Count);
        foreach (var key in keys)
            text.Add(KeyUnion.KeyText(key, encoding));
        return new ColumnData(column, text, keys.Count);
    }
}
