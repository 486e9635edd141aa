using System.Diagnostics;
using Tessera.Formats.NumPy;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Reading;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>import and export as users run them: results in --json, files Tessera's codecs read back, errors and their exit codes.</summary>
public class ImportExportTests
{
    [Fact]
    public void Parquet_import_commit_export_and_import_again()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        WriteTable(dir.File("in.parquet"), rows: 1000, rowGroup: 300);

        var imported = dir.Ok("import", "parquet", "in.parquet", "--into", "/t", "--key", "id", "--json").Json;
        Assert.Equal(1000, imported.GetProperty("rows").GetInt64());
        Assert.Equal(1000 + 900, imported.GetProperty("samples").GetInt64());
        Assert.Equal(["/t/score", "/t/emb"], imported.GetProperty("columnsCreated").EnumerateArray().Select(c => c.GetString()));
        dir.Ok("commit", "-m", "import");
        Assert.Equal("[9 2 1]", dir.Ok("get", "/t/emb", "30").Stdout.Split('\n')[1]);
        dir.Fails(ErrorCode.KeyNotFound, "get", "/t/score", "0");

        var exported = dir.Ok("export", "parquet", "/t", "out.parquet", "--rev", "main", "--compression", "zstd", "--json").Json;
        Assert.Equal(1000, exported.GetProperty("rows").GetInt64());
        Assert.Equal(64, exported.GetProperty("commit").GetString()!.Length);
        using (var reader = ParquetReader.Open(dir.File("out.parquet")))
        {
            Assert.Equal(["key", "score", "emb"], reader.Schema.Root.Children.Select(f => f.Name));
            Assert.Equal(CompressionCodec.Zstd, reader.RowGroups[0].Columns[0].Codec);
        }
        dir.Ok("import", "parquet", "out.parquet", "--into", "/copy");
        var tree = dir.Ok("tree", "--json").Json.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("path").GetString()!, n => n.GetProperty("count").GetInt64());
        Assert.Equal(tree["/t/emb"], tree["/copy/emb"]);
        Assert.Equal(tree["/t/score"], tree["/copy/score"]);
    }

    [Fact]
    public void Parquet_columns_named_unlike_nodes_import_with_rename_and_export_under_their_names()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        var schema = new ParquetSchema(
        [
            SchemaField.Primitive("zeta", PhysicalType.Int64, Repetition.Required),
            SchemaField.Primitive("my col", PhysicalType.Int64, Repetition.Required),
            SchemaField.Primitive("ü", PhysicalType.Double, Repetition.Required),
        ]);
        using (var writer = ParquetWriter.Create(dir.File("names.parquet"), schema))
        {
            writer.WriteRowGroup(
            [
                new ColumnData(schema.Columns[0], new long[] { 5, 6 }, 2),
                new ColumnData(schema.Columns[1], new long[] { 7, 8 }, 2),
                new ColumnData(schema.Columns[2], new[] { 0.5, 1.5 }, 2),
            ]);
        }

        var refused = dir.Fails(ErrorCode.InvalidArgument, "import", "parquet", "names.parquet", "--into", "/t");
        Assert.Contains("2 of 3 columns of names.parquet cannot be imported", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--rename 'my col=my_col'", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--rename 'ü=u'", refused.Stderr, StringComparison.Ordinal);
        dir.Fails(ErrorCode.InvalidName, "import", "parquet", "names.parquet", "--into", "/t", "--rename", "my col=my col");

        dir.Ok("import", "parquet", "names.parquet", "--into", "/t", "--rename", "my col=my_col", "--rename", "ü=u");
        dir.Ok("commit", "-m", "names");
        Assert.Equal("8", dir.Ok("get", "/t/my_col", "1").Stdout.Split('\n')[1]);
        dir.Ok("export", "parquet", "/t", "out.parquet");
        using var reader = ParquetReader.Open(dir.File("out.parquet"));
        Assert.Equal(["key", "zeta", "my col", "ü"], reader.Schema.Root.Children.Select(f => f.Name));
        Assert.Equal([0.5, 1.5], reader.ReadColumn(0, 3).Span<double>().ToArray());
    }

    [Fact]
    public void Parquet_limits_can_be_raised_from_the_command_line()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        WriteTable(dir.File("in.parquet"), rows: 100_000, rowGroup: 100_000);
        var refused = dir.Fails(ErrorCode.InvalidArgument, "import", "parquet", "in.parquet", "--into", "/t", "--max-row-group-mib", "1");
        Assert.Contains("beyond the reader's limit for one row group (MaxRowGroupBytes)", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("raise it with --max-row-group-mib", refused.Stderr, StringComparison.Ordinal);
        dir.Fails(ErrorCode.Usage, "import", "parquet", "in.parquet", "--into", "/t", "--max-page-mib", "0");
        dir.Ok("import", "parquet", "in.parquet", "--into", "/t", "--max-row-group-mib", "8", "--max-page-mib", "2");
    }

    [Fact]
    public void Npy_npz_and_csv_go_in_and_out()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        Npy.Write(dir.File("images.npy"), Enumerable.Range(0, 24).Select(i => (byte)i).ToArray(), 6, 2, 2);
        using (var archive = NpzWriter.CreateFile(dir.File("set.npz"), NpzCompression.Deflated))
        {
            archive.Write("x", NpyArray.Create<float>([1, 2, 3, 4, 5, 6], 3, 2));
            archive.Write("label", NpyArray.FromStrings(["cat", "dog", "ému"], 3));
        }
        File.WriteAllText(dir.File("table.csv"), "id,weight,name\n10,1.5,ann\n11,,bob\n12,2.25,\n");

        // Each import starts from a clean staging area, so each is committed before the next.
        Assert.Equal(6, dir.Ok("import", "npy", "images.npy", "--into", "/img", "--json").Json.GetProperty("samples").GetInt64());
        dir.Ok("commit", "-m", "images");
        Assert.Equal(6, dir.Ok("import", "npz", "set.npz", "--into", "/set", "--json").Json.GetProperty("samples").GetInt64());
        dir.Ok("commit", "-m", "set");
        Assert.Equal(4, dir.Ok("import", "csv", "table.csv", "--into", "/csv", "--key", "id", "--json").Json.GetProperty("samples").GetInt64());
        dir.Ok("commit", "-m", "table");
        Assert.Equal("ému", dir.Ok("get", "/set/label", "2").Stdout.TrimEnd('\n'));
        dir.Fails(ErrorCode.KeyNotFound, "get", "/csv/weight", "11");

        dir.Ok("export", "npy", "/img", "images-out.npy");
        Assert.Equal(File.ReadAllBytes(dir.File("images.npy")), File.ReadAllBytes(dir.File("images-out.npy")));
        dir.Ok("export", "npz", "/set", "set-out.npz", "--compression", "deflate");
        var arrays = NpzReader.ReadAll(File.OpenRead(dir.File("set-out.npz")));
        Assert.Equal(["cat", "dog", "ému"], arrays["label"].GetStrings());
        dir.Ok("export", "csv", "/csv", "table-out.csv");
        Assert.Equal("key,name,weight\r\n10,ann,1.5\r\n11,bob,\r\n12,,2.25\r\n", File.ReadAllText(dir.File("table-out.csv")));
    }

    [Fact]
    public void Failures_name_the_problem_and_stage_nothing()
    {
        using var dir = new TempDir();
        dir.Seed();
        WriteTable(dir.File("in.parquet"), rows: 100, rowGroup: 50);
        var bytes = File.ReadAllBytes(dir.File("in.parquet"));
        File.WriteAllBytes(dir.File("cut.parquet"), bytes[..(bytes.Length - 30)]);

        var corrupt = dir.FailsJson(ErrorCode.InvalidArgument, "import", "parquet", "cut.parquet", "--into", "/t");
        Assert.Contains("cut.parquet is not a readable Parquet file", corrupt.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());

        dir.Ok("put", "/captions", "9", "--text", "staged");
        dir.FailsJson(ErrorCode.InvalidArgument, "import", "parquet", "cut.parquet", "--into", "/t");
        var kept = Assert.Single(dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());
        Assert.Equal("/captions", kept.GetProperty("path").GetString());
        dir.Ok("reset");

        dir.Ok("column", "add", "/t/score", "--dtype", "int32", "--shape", "()");
        dir.Ok("commit", "-m", "a score column of another dtype");
        var clash = dir.FailsJson(ErrorCode.DTypeMismatch, "import", "parquet", "in.parquet", "--into", "/t");
        Assert.Contains("Column /t/score exists as ndarray int32 ()", clash.GetProperty("message").GetString(), StringComparison.Ordinal);
        dir.FailsJson(ErrorCode.InvalidArgument, "import", "parquet", "in.parquet", "--into", "/t", "--key", "nope");
        dir.FailsJson(ErrorCode.Usage, "export", "parquet", "/images", "x.parquet", "--compression", "lzo");
        dir.FailsJson(ErrorCode.Usage, "import", "csv", "in.parquet");
        Assert.False(File.Exists(dir.File("x.parquet")));
        Assert.Empty(dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());
    }

    /// <summary>
    /// Importing a table again over its committed columns completes: preparing the commit reads the
    /// committed pages on every core, and it once did so inside a transaction whose database lock the
    /// page reads then waited for forever (the second import hung).
    /// </summary>
    [Fact]
    public void A_table_imported_again_over_its_committed_columns_completes()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        foreach (var (file, offset) in new[] { ("a.csv", 0), ("b.csv", 1) })
        {
            var text = new System.Text.StringBuilder("key,x,y\n");
            for (int i = 0; i < 120_000; i++)
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},{(i * 2) + offset},{(i * 3) + offset}\n");
            File.WriteAllText(dir.File(file), text.ToString());
        }
        dir.Ok("import", "csv", "a.csv", "--into", "/t", "--key", "key");
        dir.Ok("commit", "-m", "first");
        dir.Ok("import", "csv", "b.csv", "--into", "/t", "--key", "key");
        dir.Ok("commit", "-m", "again");
        Assert.Contains("240000 mutated", dir.Ok("diff", "HEAD~1..HEAD", "--stat").Stdout, StringComparison.Ordinal);
        Assert.Contains("22", dir.Ok("get", "/t/y", "7").Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// A 300 MB file of float32[1024] rows imports with a bounded working set: the importer holds one
    /// row group (16 MB) at a time, so the peak stays far below the file size.
    /// </summary>
    [Fact]
    public void A_large_import_runs_in_bounded_memory()
    {
        using var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        const int width = 1024, rows = 72 * 1024, perGroup = 4096;
        var schema = new ParquetSchema([SchemaField.List("v", SchemaField.Primitive("element", PhysicalType.Float, Repetition.Required))]);
        using (var writer = ParquetWriter.Create(dir.File("large.parquet"), schema, new ParquetWriterOptions { Codec = CompressionCodec.Uncompressed, UseDictionary = false }))
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
                    values[i] = (g * values.Length) + i;
                writer.WriteRowGroup([new ColumnData(schema.Columns[0], values, values.Length, definitions, repetitions)]);
            }
        }
        Assert.True(new FileInfo(dir.File("large.parquet")).Length > 300_000_000);

        var (exit, peak) = RunMeasuringPeak(dir.Path, "import", "parquet", "large.parquet", "--into", "/large");
        Assert.Equal(0, exit);
        Assert.True(peak < 250_000_000, $"peak working set {peak / 1_000_000} MB for a 300 MB import");
        var column = dir.Ok("tree", "--json").Json.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("path").GetString() == "/large/v");
        Assert.Equal(rows, column.GetProperty("count").GetInt64());
    }

    /// <summary>Runs the tool and samples its peak working set (VmHWM) until it exits.</summary>
    private static (int ExitCode, long PeakBytes) RunMeasuringPeak(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(TensorTool.Path);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(10))
        {
            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                break; // exited between the wait and the read
            }
        }
        Assert.True(process.ExitCode == 0, $"{stdout.Result}\n{stderr.Result}");
        return (process.ExitCode, peak);
    }

    /// <summary>id (int64), score (double, null every 10th row), emb (list of 3 floats: 3·id/10, 2, 1).</summary>
    private static void WriteTable(string path, int rows, int rowGroup)
    {
        var schema = new ParquetSchema(
        [
            SchemaField.Primitive("id", PhysicalType.Int64, Repetition.Required),
            SchemaField.Primitive("score", PhysicalType.Double, Repetition.Optional),
            SchemaField.List("emb", SchemaField.Primitive("element", PhysicalType.Float, Repetition.Optional)),
        ]);
        using var writer = ParquetWriter.Create(path, schema, new ParquetWriterOptions { MaxRowsPerRowGroup = rowGroup });
        var ids = Enumerable.Range(0, rows).Select(i => i * 10L).ToArray();
        writer.WriteRowGroup(
        [
            new ColumnData(schema.Columns[0], ids, rows),
            ColumnShredder.Shred(schema.Columns[1], ids.Select(id => id % 100 == 0 ? null : (object?)(id * 0.5))),
            ColumnShredder.Shred(schema.Columns[2], ids.Select(id => (object?)new List<object?> { id * 3f / 10, 2f, 1f })),
        ]);
    }
}
