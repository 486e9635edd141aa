using System.Collections.Concurrent;
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

    /// <summary>The heap, garbage included, above what the process held when the export began, past which a written row group is followed by a full collection (<see cref="HeapBound.Above"/>).</summary>
    private const long HeapBudget = 128L << 20;

    public static ExportResult Export(Repository repo, string path, string file, ExportOptions options, IProgress<double>? progress = null)
    {
        var view = ExportSource.Open(repo, options);
        var columns = ExportSource.Columns(view, path, options);
        var annotations = columns.Select(c => ParquetAnnotation.FromAttributes(c.Path, view.Attributes(c.Path))).ToList();
        var names = columns.Select((c, i) => annotations[i]?.Name ?? ExportSource.NameOf(c)).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new InvalidInputException(ErrorCode.Usage, $"Two columns would have the same name in the file ({string.Join(", ", names)}; original names come from the '{ParquetAnnotation.AttributeKey}' attribute). Leave one out with --columns.");
        var encoding = KeyUnion.EncodingOf(columns);
        string keyName = KeyUnion.KeyColumnName(names);
        var builders = columns.Select((c, i) => new ParquetExportColumn(c, names[i], annotations[i])).ToList();
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
        var totals = OutputFile.Write(file, stream =>
        {
            using var writer = ParquetWriter.Create(stream, schema, writerOptions, leaveOpen: true);
            // Row groups are gathered (the merge of keys, the reads of strings and variable shapes) on
            // another thread while this one reads the one before's fixed-shape samples and writes it: on
            // two cores that overlaps the two halves of the work, which take about as long as each other.
            // The writer stays on this thread, so what it rents from the shared array pool comes back to it.
            // The gathering thread is its own, not the thread pool's: it spends the export blocked on the
            // full queue, and a pool thread held so leaves the reads' parallel loops none to run on until
            // the pool adds one (half a second or more, each time, in a process whose pool is busy).
            using var ready = new BlockingCollection<RowGroup>(boundedCapacity: 1);
            using var stop = new CancellationTokenSource();
            var heap = HeapBound.Above(HeapBudget);
            var gathering = Task.Factory.StartNew(() =>
            {
                try
                {
                    return Gather(columns, schema, encoding, builders, ready, stop.Token);
                }
                finally
                {
                    ready.CompleteAdding();
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                foreach (var group in ready.GetConsumingEnumerable())
                {
                    writer.WriteRowGroup([.. group.Columns.Select(column => column())]);
                    group.Arrays.Dispose();
                    heap.AfterBatch();
                    progress?.Report(KeyUnion.Progress(group.RowsSoFar, columns));
                }
            }
            finally
            {
                // A failed write stops the gathering; after the last write it has ended already.
                stop.Cancel();
                ((IAsyncResult)gathering).AsyncWaitHandle.WaitOne();
            }
            return gathering.GetAwaiter().GetResult();
        });
        progress?.Report(1);
        return new ExportResult("parquet", Names.NormalizePath(path), Path.GetFileName(file), view.Commit?.Id.ToString(), totals.Rows, totals.Samples, totals.Bytes,
            [.. columns.Select(c => c.Path)]);
    }

    /// <summary>The union's rows as row groups into <paramref name="ready"/>; returns how many rows, samples and sample bytes.</summary>
    private static (long Rows, long Samples, long Bytes) Gather(IReadOnlyList<ColumnSnapshot> columns, ParquetSchema schema, KeyEncoding encoding,
        List<ParquetExportColumn> builders, BlockingCollection<RowGroup> ready, CancellationToken stop)
    {
        var recycler = new ArrayRecycler();
        var keys = new List<SampleKey>(RowsPerGroup);
        long rows = 0, samples = 0, bytes = 0, batchBytes = 0;
        using var union = new KeyUnion(columns);
        for (int n; (n = union.Next()) > 0;)
        {
            for (int i = 0; i < n;)
            {
                // Rows that cannot fill the row group's bytes go column by column; the others row by
                // row, to cut the row group after the row that fills it.
                int take = Math.Min(n - i, RowsPerGroup - keys.Count);
                long room = BytesPerGroup - batchBytes, most = 0;
                for (int c = 0; c < builders.Count && most != long.MaxValue; c++)
                    most = builders[c].MostBytes(union.Ids(c).Slice(i, take)) is var bound && bound == long.MaxValue ? bound : most + bound;
                // Past the room, as many rows as surely fit (a short text's bound is generous), at least one;
                // row by row where a column's bytes are not known.
                if (most > room)
                    take = most == long.MaxValue ? 1 : (int)Math.Max(1, take * room / most);
                keys.AddRange(union.Keys.Slice(i, take));
                for (int c = 0; c < builders.Count; c++)
                    batchBytes += builders[c].AddRange(union.Ids(c).Slice(i, take), ref samples);
                i += take;
                if (keys.Count == RowsPerGroup || batchBytes >= BytesPerGroup)
                {
                    rows += keys.Count;
                    bytes += batchBytes;
                    batchBytes = 0;
                    ready.Add(Batch(schema, keys, encoding, builders, recycler, rows), stop);
                }
            }
        }
        if (keys.Count > 0 || rows == 0)
        {
            rows += keys.Count;
            bytes += batchBytes;
            ready.Add(Batch(schema, keys, encoding, builders, recycler, rows), stop);
        }
        return (rows, samples, bytes);
    }

    /// <summary>One row group's columns (each made when asked for), the arrays it holds from the recycler, and the rows gathered with it.</summary>
    private sealed record RowGroup(Func<ColumnData>[] Columns, ArrayRecycler.Lease Arrays, long RowsSoFar);

    /// <summary>The rows collected as one row group; the builders and <paramref name="keys"/> start again.</summary>
    private static RowGroup Batch(ParquetSchema schema, List<SampleKey> keys, KeyEncoding encoding, List<ParquetExportColumn> builders, ArrayRecycler recycler, long rowsSoFar)
    {
        var data = new Func<ColumnData>[schema.Columns.Count];
        var arrays = recycler.Open();
        var keyData = KeyData(schema.Columns[0], keys, encoding);
        data[0] = () => keyData;
        for (int c = 0; c < builders.Count; c++)
            data[c + 1] = builders[c].Flush(schema.Columns[c + 1], arrays);
        keys.Clear();
        return new RowGroup(data, arrays, rowsSoFar);
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
