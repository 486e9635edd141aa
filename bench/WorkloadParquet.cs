using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Formats.Mapping;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Reading;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;

namespace Tessera.Bench;

/// <summary>
/// Workload "parquet": a 2,000,000-row table (int64 key, float64, float32[16] list, string) written
/// by Tessera (export) and by DuckDB, each with SNAPPY and ZSTD. Per file: Tessera's import into a
/// fresh repository (parquet_import) and its commit (parquet_commit), the file's and the
/// repository's size after them (file_size, repo_size), the Parquet reader's decode alone
/// (parquet_decode), DuckDB's own read of the same file (duckdb_read, timed by DuckDB in the same
/// run) and DuckDB's read of it and write of it again with ZSTD (duckdb_copy: an import's work
/// without the versioning, the yardstick beside parquet_import). Bytes are the decoded data. Last,
/// the table exported again beside 12,000,000 staged samples of other groups
/// (parquet_export_beside_staged), and once more from a heap handed back to the OS, with the
/// export's working set (parquet_export_released_heap, export_NAME_ws_above_start_bytes). The other
/// phases are timed in memory the process has touched before, as a long-running program's are.
/// Before all that, a 1 GB file of float32[1024] rows is imported
/// while the process's working set is sampled (import_1gb; import_1gb_peak_ws_bytes).
/// </summary>
internal static class WorkloadParquet
{
    public const int Rows = 2_000_000;
    private const int Width = 16;
    private static readonly string Oracles = Path.Combine(RepositoryRoot(), "tests", "oracles");
    private static readonly (CompressionCodec Codec, string Name)[] Codecs = [(CompressionCodec.Snappy, "snappy"), (CompressionCodec.Zstd, "zstd")];

    public static List<PhaseResult> Run(int seed)
    {
        var rec = new Recorder("parquet");
        using var scratch = new Scratch();
        // First, while nothing else is allocated, so the process's working set is the import's.
        ImportLargeFile(rec, scratch.Dir, seed);
        long payload = WriteTesseraFiles(rec, scratch.Dir, seed);
        foreach (var codec in new[] { "snappy", "zstd" })
            Node("duckdb-bench.mjs", "write", Path.Combine(scratch.Dir, $"duckdb-{codec}.parquet"), codec, Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var name in new[] { "tessera-snappy", "tessera-zstd", "duckdb-snappy", "duckdb-zstd" })
        {
            string file = Path.Combine(scratch.Dir, name + ".parquet");
            long bytes = name.StartsWith("tessera", StringComparison.Ordinal) ? payload : DecodedBytes(file);
            var duckdb = JsonNode.Parse(Node("duckdb-bench.mjs", "read", file))!;
            Recorder.Check((long)duckdb["rows"]! == Rows, $"DuckDB reads {Rows} rows from {name}");
            rec.Results.Add(new PhaseResult("parquet", $"duckdb_read.{name}", (double)duckdb["seconds"]!, bytes, Rows));
            var copy = JsonNode.Parse(Node("duckdb-bench.mjs", "copy", file, Path.Combine(scratch.Dir, "duckdb-copy.parquet")))!;
            Recorder.Check((long)copy["rows"]! == Rows, $"DuckDB copies {Rows} rows of {name}");
            rec.Results.Add(new PhaseResult("parquet", $"duckdb_copy.{name}", (double)copy["seconds"]!, bytes, Rows));
            rec.Time($"parquet_decode.{name}", bytes, Rows, () => Decode(file));
            rec.Cpu($"decode_cpu.{name}", bytes, Rows, () => Decode(file));
            rec.Cpu($"decode_cpu_parquetsharp.{name}", bytes, Rows, () => Recorder.Check(ParquetYardstick.Decode(file) == Rows, $"ParquetSharp reads {Rows} rows from {name}"));
            using var target = new Scratch();
            using (var repo = Repository.Init(target.Dir, new InitOptions { UserName = "bench", UserEmail = "bench@localhost" }))
            using (var writer = repo.OpenWriter())
            {
                var result = rec.Time($"parquet_import.{name}", bytes, Rows, () => ParquetImporter.Import(writer, file, new ImportOptions { Into = "/t", Key = "key" }));
                Recorder.Check(result.Rows == Rows && result.Samples == 3L * Rows && result.Staged == result.Samples, $"import of {name} stages every sample");
                rec.Time($"parquet_commit.{name}", bytes, Rows, () => writer.Commit("import"));
            }
            // Measured closed, as a user's repository is between commands (the open database's write-ahead log counts otherwise).
            rec.Record($"file_size.{name}", new FileInfo(file).Length, Rows);
            rec.Record($"repo_size.{name}", Scratch.SizeOf(target.Dir), Rows);
        }
        MeasureWriters(rec, scratch.Dir, payload);
        ExportBesideStagedImport(rec, scratch.Dir, payload);
        ExportFromReleasedHeap(rec, scratch.Dir, payload);
        return rec.Results;
    }

    /// <summary>
    /// Our writer and ParquetSharp's writing the same table held in memory (each in its own form,
    /// loaded untimed from Tessera's SNAPPY export) with each codec: the writers' CPU alone.
    /// </summary>
    private static void MeasureWriters(Recorder rec, string dir, long payload)
    {
        string source = Path.Combine(dir, "tessera-snappy.parquet");
        using var reader = ParquetReader.Open(source);
        var groups = Enumerable.Range(0, reader.RowGroups.Count).Select(g => reader.ReadRowGroup(g)).ToList();
        foreach (var (codec, name) in Codecs)
        {
            string ours = Path.Combine(dir, $"write-ours-{name}.parquet");
            rec.Cpu($"write_cpu.{name}", payload, Rows, () =>
            {
                using var writer = ParquetWriter.Create(ours, reader.Schema, new ParquetWriterOptions { Codec = codec });
                foreach (var group in groups)
                    writer.WriteRowGroup(group);
            });
            // Loaded for each write: exporting a batch to the C++ writer consumes it.
            using var table = ParquetYardstick.Load(source);
            rec.Cpu($"write_cpu_parquetsharp.{name}", payload, Rows, () => ParquetYardstick.Write(table, Path.Combine(dir, $"write-parquetsharp-{name}.parquet"), name));
            Recorder.Check(ParquetYardstick.Decode(ours) == Rows, $"ParquetSharp reads back the {Rows} rows our writer wrote with {name}");
        }
    }

    /// <summary>
    /// The committed table exported again while 12,000,000 samples are staged in two other groups
    /// (the table imported twice, not committed): an export reads its own columns' staged changes
    /// only, so this costs what parquet_export.snappy does.
    /// </summary>
    private static void ExportBesideStagedImport(Recorder rec, string dir, long payload)
    {
        string repoDir = SourceDir(dir);
        string file = Path.Combine(dir, "tessera-snappy.parquet");
        using (var repo = Repository.Open(repoDir))
        using (var writer = repo.OpenWriter())
        {
            foreach (var group in new[] { "/staged1", "/staged2" })
                ParquetImporter.Import(writer, file, new ImportOptions { Into = group, Key = "key" });
        }
        using var reopened = Repository.Open(repoDir);
        Recorder.Settle();
        TimeExport(rec, "parquet_export_beside_staged.snappy", reopened, Path.Combine(dir, "beside-staged.parquet"), CompressionCodec.Snappy, payload);
    }

    /// <summary>The repository the table is committed to (<see cref="CommitTable"/>).</summary>
    private static string SourceDir(string dir) => Path.Combine(dir, "source");

    /// <summary>Times one export of the table as <paramref name="phase"/> and checks that it wrote every sample.</summary>
    private static void TimeExport(Recorder rec, string phase, Repository repo, string file, CompressionCodec codec, long payload)
    {
        var result = rec.Time(phase, payload, 3L * Rows, () => ParquetExporter.Export(repo, "/t", file, new ExportOptions { ParquetCompression = codec }));
        Recorder.Check(result.Rows == Rows && result.Samples == 3L * Rows, $"{phase} writes every sample of the table");
    }

    /// <summary>Commits the table to a repository and exports it with both codecs; returns the decoded bytes.</summary>
    private static long WriteTesseraFiles(Recorder rec, string dir, int seed)
    {
        string repoDir = SourceDir(dir);
        long payload = CommitTable(repoDir, seed);
        // Opened again, as a user's export command opens it: the table's arrays and the writer's state are gone.
        using var repo = Repository.Open(repoDir);
        foreach (var (codec, name) in Codecs)
        {
            // As for the export beside a staged import: the set-up's garbage (the table's 2,000,000
            // strings and keys) is not the export's; its first full collection would collect it.
            Recorder.Settle();
            TimeExport(rec, $"parquet_export.{name}", repo, Path.Combine(dir, $"tessera-{name}.parquet"), codec, payload);
        }
        return payload;
    }

    /// <summary>
    /// The table exported again after a collection that hands the process's free memory back to the
    /// OS, as a new process starts: the export's working set above what it began with, and its time
    /// with every page it touches faulted in afresh (parquet_export_released_heap). The source
    /// repository has the staged imports of <see cref="ExportBesideStagedImport"/> beside the table,
    /// which an export does not read. Last, after every timed phase: on these VMs each released page
    /// costs a fault when touched again, which a phase timed after this one would pay for (warm
    /// imports made right after such a collection took 1.3-1.6 s instead of 0.7-1.1 s).
    /// </summary>
    private static void ExportFromReleasedHeap(Recorder rec, string dir, long payload)
    {
        using var repo = Repository.Open(SourceDir(dir));
        foreach (var (codec, name) in Codecs)
        {
            // The sampler's own collection (an aggressive one) collects what came before.
            using var memory = new PeakWorkingSet();
            TimeExport(rec, $"parquet_export_released_heap.{name}", repo, Path.Combine(dir, $"released-{name}.parquet"), codec, payload);
            rec.Record($"export_{name}_ws_above_start_bytes", memory.Stop() - memory.Start, Rows);
        }
    }

    /// <summary>Commits the table (int64 keys, float64, float32[16], str) to a new repository at <paramref name="repoDir"/>; returns its decoded bytes.</summary>
    private static long CommitTable(string repoDir, int seed)
    {
        var rng = new Random(seed);
        var keys = Enumerable.Range(0, Rows).Select(i => SampleKey.Of(i)).ToArray();
        var x = new double[Rows];
        var emb = new float[Rows * Width];
        var names = new string[Rows];
        for (int i = 0; i < Rows; i++)
        {
            x[i] = rng.NextDouble() * 1e6;
            names[i] = $"item-{i}-{rng.Next(100_000)}";
        }
        for (int i = 0; i < emb.Length; i++)
            emb[i] = rng.Next(10_000) / 100f;
        long payload = Rows * (8L + 8 + (4 * Width)) + names.Sum(n => (long)Encoding.UTF8.GetByteCount(n));
        using var repo = Repository.Init(repoDir, new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using var writer = repo.OpenWriter();
        writer.CreateColumn("/t/x", ColumnSchema.NDArray(DType.Float64)).AddRange<double>(keys, x);
        writer.CreateColumn("/t/emb", ColumnSchema.NDArray(DType.Float32, Width)).AddRange<float>(keys, emb);
        var text = writer.CreateColumn("/t/name", ColumnSchema.Str());
        Parallel.For(0, Rows, i => text.AddString(keys[i], names[i]));
        writer.Commit("table");
        return payload;
    }

    /// <summary>Decodes every column chunk of every row group, columns in parallel as the importer reads them.</summary>
    private static long Decode(string file)
    {
        using var reader = ParquetReader.Open(file);
        long values = 0;
        for (int g = 0; g < reader.RowGroups.Count; g++)
        {
            var chunks = new ColumnData[reader.Schema.Columns.Count];
            Parallel.For(0, chunks.Length, c => chunks[c] = reader.ReadColumn(g, c));
            values += chunks.Sum(c => (long)c.ValueCount);
        }
        return values;
    }

    /// <summary>The decoded size of a file's values: 8 bytes per number (4 per float), string bytes as stored.</summary>
    private static long DecodedBytes(string file)
    {
        using var reader = ParquetReader.Open(file);
        long bytes = 0;
        for (int g = 0; g < reader.RowGroups.Count; g++)
        {
            foreach (var column in reader.ReadRowGroup(g))
                bytes += column.Values is BinaryValues binary ? binary.ByteLength : (long)column.ValueCount * (column.Values is float[] ? 4 : 8);
        }
        return bytes;
    }

    /// <summary>Imports ~1 GB of float32[1024] rows (row groups of 8,192 rows) and records the peak working set while it runs.</summary>
    private static void ImportLargeFile(Recorder rec, string dir, int seed)
    {
        const int width = 1024, rows = 256 * 1024, perGroup = 8192;
        string file = Path.Combine(dir, "large.parquet");
        var schema = new ParquetSchema([SchemaField.List("v", SchemaField.Primitive("element", PhysicalType.Float, Repetition.Required))]);
        var rng = new Random(seed);
        using (var writer = ParquetWriter.Create(file, schema, new ParquetWriterOptions { Codec = CompressionCodec.Uncompressed, UseDictionary = false }))
        {
            var values = new float[perGroup * width];
            var definitions = new short[values.Length];
            var repetitions = new short[values.Length];
            Array.Fill(definitions, (short)2);
            for (int i = 0; i < values.Length; i++)
                repetitions[i] = (short)(i % width == 0 ? 0 : 1);
            for (int g = 0; g < rows / perGroup; g++)
            {
                for (int i = 0; i < values.Length; i++)
                    values[i] = rng.NextSingle();
                writer.WriteRowGroup([new ColumnData(schema.Columns[0], values, values.Length, definitions, repetitions)]);
            }
        }
        using var target = new Scratch();
        using var repo = Repository.Init(target.Dir, new InitOptions { UserName = "bench", UserEmail = "bench@localhost" });
        using var checkout = repo.OpenWriter();
        using var memory = new PeakWorkingSet();
        var stopwatch = Stopwatch.StartNew();
        var result = ParquetImporter.Import(checkout, file, new ImportOptions { Into = "/large" });
        stopwatch.Stop();
        long peak = memory.Stop();
        Recorder.Check(result.Samples == rows, "the 1 GB import stages every row");
        rec.Results.Add(new PhaseResult("parquet", "import_1gb", stopwatch.Elapsed.TotalSeconds, result.Bytes, rows));
        rec.Record("import_1gb_peak_ws_bytes", peak, rows);
        rec.Record("import_1gb_file_bytes", new FileInfo(file).Length, rows);
    }

    internal static string Node(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Oracles, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Oracles, script));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Recorder.Check(process.ExitCode == 0, $"node {script} {string.Join(' ', arguments)} succeeds (run 'npm ci' in tests/oracles first)");
        return output;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tessera.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("The benchmark runs from inside a Tessera clone (no Tessera.slnx above it).");
    }
}
