using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Tessera.Bench;

/// <summary>
/// ParquetSharp (Apache's C++ Parquet library under .NET) reading and writing the workload's
/// files: the yardstick our reader's and writer's CPU is measured against in the same run.
/// </summary>
internal static class ParquetYardstick
{
    /// <summary>Reads every record batch of a file with the Arrow reader; returns the rows read.</summary>
    public static long Decode(string file)
    {
        long rows = 0;
        foreach (var batch in ReadBatches(file))
        {
            rows += batch.Length;
            batch.Dispose();
        }
        return rows;
    }

    /// <summary>
    /// The file as one Arrow record batch in managed memory (columns concatenated), for timing the
    /// writer alone: one batch, because ParquetSharp 25's <c>WriteTable</c> overflows the stack on a
    /// table of several batches.
    /// </summary>
    public static RecordBatch Load(string file)
    {
        var batches = ReadBatches(file).ToList();
        var schema = batches[0].Schema;
        var columns = Enumerable.Range(0, schema.FieldsList.Count)
            .Select(c => ArrowArrayConcatenator.Concatenate(batches.Select(b => b.Column(c)).ToList()))
            .ToList();
        int rows = batches.Sum(b => b.Length);
        foreach (var batch in batches)
            batch.Dispose();
        return new RecordBatch(schema, columns, rows);
    }

    /// <summary>Writes <paramref name="batch"/> in row groups of 1,048,576 rows, as our writer does.</summary>
    public static void Write(RecordBatch batch, string path, string codec)
    {
        using var builder = new WriterPropertiesBuilder();
        using var properties = builder.Compression(codec == "zstd" ? Compression.Zstd : Compression.Snappy).Build();
        using var writer = new FileWriter(path, batch.Schema, properties);
        writer.WriteRecordBatch(batch, 1024 * 1024);
        writer.Close();
    }

    private static IEnumerable<RecordBatch> ReadBatches(string file)
    {
        using var reader = new FileReader(file);
        using var stream = reader.GetRecordBatchReader();
        while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
            yield return batch;
    }
}
