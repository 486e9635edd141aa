using System.Text;
using Tessera.Formats.Mapping;
using Tessera.Formats.NumPy;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// A file that fails to import changes nothing: no staged samples, no new columns, committed data
/// as it was, even when the failure comes after earlier row groups or batches were staged.
/// </summary>
public sealed class ImportFailureTests : IDisposable
{
    private readonly MappingRepo repo = new();

    public ImportFailureTests() => this.repo.Commit(w =>
    {
        w.CreateColumn("/t/x", ColumnSchema.NDArray(DType.Int32)).Add<int>(0, [42]);
        return 0;
    }, "seed");

    [Fact]
    public void A_corrupt_page_in_the_last_row_group_undoes_the_staged_row_groups()
    {
        string file = this.WriteDoubles("corrupt.parquet", rowGroups: 4);
        var bytes = File.ReadAllBytes(file);
        int footer = BitConverter.ToInt32(bytes, bytes.Length - 8);
        bytes[bytes.Length - 8 - footer - 20] ^= 0x5A; // inside the last page: its CRC no longer matches
        File.WriteAllBytes(file, bytes);
        var error = this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t" }));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("corrupt.parquet is not a readable Parquet file", error.Message, StringComparison.Ordinal);
        Assert.Contains("row group 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_repeated_in_a_later_row_group_undoes_the_staged_row_groups()
    {
        string file = this.repo.File("repeats.parquet");
        var schema = new ParquetSchema([SchemaField.Primitive("id", PhysicalType.Int64, Repetition.Required), SchemaField.Primitive("d", PhysicalType.Double, Repetition.Required)]);
        using (var writer = ParquetWriter.Create(file, schema))
        {
            foreach (int first in new[] { 0, 1000, 1500 })
            {
                var ids = Enumerable.Range(first, 1000).Select(i => (long)i).ToArray();
                writer.WriteRowGroup([new ColumnData(schema.Columns[0], ids, ids.Length), new ColumnData(schema.Columns[1], ids.Select(i => i * 0.5).ToArray(), ids.Length)]);
            }
        }
        var error = this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t", Key = "id" }));
        Assert.Contains("repeats the key 1500 (again at row 2000)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CASE WHEN i = 250000 THEN 7 ELSE i END", "repeats the key 7 (again at row 250000)")]
    [InlineData("CASE WHEN i = 290000 THEN 299990 ELSE 299999 - i END", "repeats the key 299990 (again at row 290000)")]
    [InlineData("299999 - i", null)]
    public void Keys_of_a_file_DuckDB_wrote_are_checked_across_its_row_groups_in_any_order(string key, string? refusal)
    {
        // Row groups of 100,000 rows: the first repeat follows a break in the order in the third,
        // the second a file whose keys decrease from the first row; without a repeat all of it imports.
        string file = this.repo.File("keyed.parquet");
        NodeOracle.Run("duckdb-write-sql.mjs", file, $"SELECT {key} AS id, i * 0.5 AS d FROM range(300000) t(i)", "ROW_GROUP_SIZE 100000");
        if (refusal is null)
        {
            using var writer = this.repo.Repo.OpenWriter();
            Assert.Equal(300_000, ParquetImporter.Import(writer, file, new ImportOptions { Into = "/k", Key = "id" }).Rows);
            return;
        }
        var error = this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/k", Key = "id" }));
        Assert.Contains(refusal, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CASE WHEN i = 650000 THEN 7 ELSE i END")]
    [InlineData("CASE WHEN i < 400000 THEN i WHEN i = 650000 THEN 7 ELSE 1700000 - i END")]
    public void A_refused_import_takes_back_the_pages_it_wrote_while_it_ran(string key)
    {
        // Row groups of 100,000 rows and the key 7 again at row 650,000: six row groups are staged
        // first, and each column's tree writes its pages a thousand at a time as it is built (in the
        // second file only until the keys turn back at row 400,000, where the trees are given up).
        string file = this.repo.File("late-repeat.parquet");
        NodeOracle.Run("duckdb-write-sql.mjs", file, $"SELECT {key} AS id, i * 0.5 AS d, 'row-' || i AS s FROM range(700000) t(i)", "ROW_GROUP_SIZE 100000");
        long before = this.PageRows(), written = before;
        var sixRowGroupsStaged = new WhenReported(6.0 / 7, () =>
        {
            // The trees are built in the background: wait for the first pages to reach the database.
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while ((written = this.PageRows()) == before && DateTime.UtcNow < deadline)
                Thread.Sleep(10);
        });
        var error = this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/k", Key = "id" }, sixRowGroupsStaged));
        Assert.Contains("repeats the key 7 (again at row 650000)", error.Message, StringComparison.Ordinal);
        Assert.True(written >= before + 1_000, $"{written - before} pages were in the database while the import ran");
    }

    [Fact]
    public void A_truncated_file_changes_nothing()
    {
        string file = this.WriteDoubles("truncated.parquet", rowGroups: 2);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
        this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t" }));

        string npy = this.repo.File("truncated.npy");
        var array = NpyArray.Create<double>(Enumerable.Range(0, 4096).Select(i => (double)i).ToArray(), 512, 8);
        using (var stream = File.Create(npy))
            NpyWriter.Write(stream, array);
        File.WriteAllBytes(npy, File.ReadAllBytes(npy)[..20_000]);
        this.ImportFails<InvalidFileException>(w => NpyImporter.ImportNpy(w, npy, new ImportOptions { Into = "/t/n" }));
    }

    [Fact]
    public void A_bad_CSV_line_after_a_staged_batch_undoes_the_batch()
    {
        string file = this.repo.File("bad.csv");
        var text = new StringBuilder("id,value\n");
        for (int i = 0; i < 70_000; i++)
            text.Append(i).Append(',').Append(i * 0.5).Append('\n');
        text.Append("70000,\"unclosed\n");
        File.WriteAllText(file, text.ToString());
        var error = this.ImportFails<InvalidFileException>(w => CsvImporter.Import(w, file, new ImportOptions { Into = "/c", Key = "id" }));
        Assert.Contains("line 70002", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_that_are_not_arrays_and_bad_keys_are_refused_by_name()
    {
        var cases = new (string Name, object?[] Rows, string Expected)[]
        {
            ("ragged", [List(List(1, 2), List(3))], "lists of different lengths (2 and 1)"),
            ("holes", [List(List(1, null))], "null element inside row 0"),
            ("nullinner", [List(List(1), null)], "null list inside row 0"),
        };
        foreach (var (name, rows, expected) in cases)
        {
            string file = this.repo.File(name + ".parquet");
            var element = SchemaField.Primitive("element", PhysicalType.Int32, Repetition.Optional);
            this.Write(file, [SchemaField.List("v", SchemaField.List("element", element))], rows);
            var error = this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/p" }));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }

        string keys = this.repo.File("keys.parquet");
        this.Write(keys, [SchemaField.Primitive("id", PhysicalType.Int64, Repetition.Optional), SchemaField.Primitive("v", PhysicalType.Double, Repetition.Required)],
            [5L, 6L, 5L], [1.0, 2.0, 3.0]);
        Assert.Contains("repeats the key 5 (again at row 2)", this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, keys, new ImportOptions { Into = "/p", Key = "id" })).Message, StringComparison.Ordinal);
        this.Write(keys, [SchemaField.Primitive("id", PhysicalType.Int64, Repetition.Optional), SchemaField.Primitive("v", PhysicalType.Double, Repetition.Required)],
            [5L, null], [1.0, 2.0]);
        Assert.Contains("is null at row 1", this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, keys, new ImportOptions { Into = "/p", Key = "id" })).Message, StringComparison.Ordinal);
        this.Write(keys, [SchemaField.Primitive("id", PhysicalType.Int64, Repetition.Required), SchemaField.Primitive("guid", PhysicalType.FixedLenByteArray, Repetition.Required, LogicalType.Uuid, typeLength: 16)],
            [1L], [new Guid("01234567-89ab-cdef-0123-456789abcdef")]);
        Assert.Contains("Column of keys.parquet cannot be imported: 'guid' holds UUID values", this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, keys, new ImportOptions { Into = "/p" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_UTF_8_is_refused_by_column_and_row_and_text_that_is_imports()
    {
        string file = this.repo.File("text.parquet");
        static SchemaField[] Fields() => [SchemaField.Primitive("s", PhysicalType.ByteArray, Repetition.Required, LogicalType.String)];
        // Rows 2 and 3 hold the two bytes of "é": the column's bytes are valid UTF-8 together, its rows are not.
        this.Write(file, Fields(), [Encoding.UTF8.GetBytes("plain"), Encoding.UTF8.GetBytes("日本"), new byte[] { 0xC3 }, new byte[] { 0xA9 }]);
        var error = this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/p" }));
        Assert.Contains("Column 's' at row 2 is not valid UTF-8", error.Message, StringComparison.Ordinal);

        this.Write(file, Fields(), [Encoding.UTF8.GetBytes("plain"), Encoding.UTF8.GetBytes("日本"), Encoding.UTF8.GetBytes("é")]);
        using var writer = this.repo.Repo.OpenWriter();
        ParquetImporter.Import(writer, file, new ImportOptions { Into = "/p" });
        Assert.Equal(["plain", "日本", "é"], Enumerable.Range(0, 3).Select(k => writer.Column("/p/s").Get(k).AsString()));
    }

    [Fact]
    public void One_refusal_names_every_column_that_cannot_be_imported()
    {
        string file = this.repo.File("several.parquet");
        NodeOracle.Run("duckdb-write-sql.mjs", file,
            """SELECT 1 AS ok, uuid() AS guid, {'a': 1, 'b': 2} AS pair, 3 AS "my col", MAP {'k': 1} AS lookup, 2.5 AS fine""");
        var error = this.ImportFails<InvalidFileException>(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/p" }));
        Assert.Contains("4 of 6 columns of several.parquet cannot be imported: 'guid' holds UUID values, which have no Tessera dtype; "
            + "'pair' is a group of several fields (a struct or a map); "
            + "'my col' has a name that is not a valid node name", error.Message, StringComparison.Ordinal);
        Assert.Contains("--rename 'my col=my_col'; 'lookup' is a group of several fields", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Leave them out with --columns (naming the columns to import).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_with_another_schema_is_refused_before_anything_is_staged()
    {
        string file = this.repo.File("clash.parquet");
        this.Write(file, [SchemaField.Primitive("a", PhysicalType.Double, Repetition.Required), SchemaField.Primitive("x", PhysicalType.Double, Repetition.Required)],
            [1.0], [2.0]);
        var error = this.ImportFails<InvalidInputException>(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t" }));
        Assert.Equal(ErrorCode.DTypeMismatch, error.Code);
        Assert.Contains("Column /t/x exists as ndarray int32 ()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_do_not_go_into_a_column_of_plain_integers_or_timestamps_into_one_of_dates()
    {
        string dates = this.repo.File("dates.parquet");
        this.Write(dates, [SchemaField.Primitive("when", PhysicalType.Int32, Repetition.Required, LogicalType.Date)], [19_000]);
        string plain = this.repo.File("plain.parquet");
        this.Write(plain, [SchemaField.Primitive("when", PhysicalType.Int32, Repetition.Required)], [7]);
        this.repo.Commit(w => ParquetImporter.Import(w, dates, new ImportOptions { Into = "/t" }));

        var error = this.ImportFails<InvalidInputException>(w => ParquetImporter.Import(w, plain, new ImportOptions { Into = "/t" }));
        Assert.Equal(ErrorCode.DTypeMismatch, error.Code);
        Assert.Contains("""Column /t/when holds {"logicalType":"DATE"} (its 'parquet' attribute), but the file's column 'when' holds plain values.""", error.Message, StringComparison.Ordinal);
        using var writer = this.repo.Repo.OpenWriter();
        Assert.Equal(1, ParquetImporter.Import(writer, dates, new ImportOptions { Into = "/t" }).Samples);
    }

    [Fact]
    public void An_import_over_staged_changes_keeps_them_whether_it_fails_or_completes()
    {
        string fine = this.WriteDoubles("fine.parquet", rowGroups: 2);
        string cut = this.repo.File("cut.parquet");
        var bytes = File.ReadAllBytes(fine);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        using var writer = this.repo.Repo.OpenWriter();
        writer.Column("/t/x").Add<int>(1, [7]);
        var staged = writer.Nodes.Select(n => (n.Path, n.Count)).ToList();

        Assert.Throws<InvalidFileException>(() => ParquetImporter.Import(writer, cut, new ImportOptions { Into = "/t" }));
        Assert.Equal(staged, writer.Nodes.Select(n => (n.Path, n.Count)).ToList());
        Assert.Equal([7], writer.Column("/t/x").Get(1).ToArray<int>());

        ParquetImporter.Import(writer, fine, new ImportOptions { Into = "/t" });
        Assert.Equal([7], writer.Column("/t/x").Get(1).ToArray<int>());
        Assert.Equal(2000, writer.Column("/t/d").Count);
    }

    private TException ImportFails<TException>(Func<WriteCheckout, ImportResult> import) where TException : TesseraException
    {
        var before = this.repo.Head.Nodes.Select(n => (n.Path, n.Count)).ToList();
        long pages = this.PageRows();
        using var writer = this.repo.Repo.OpenWriter();
        var error = Assert.Throws<TException>(() => import(writer));
        Assert.False(writer.HasStagedChanges, $"the failed import left staged changes: {error.Message}");
        Assert.Equal(pages, this.PageRows());
        Assert.Equal(before, writer.Nodes.Select(n => (n.Path, n.Count)).ToList());
        Assert.Equal([42], writer.Column("/t/x").Get(0).ToArray<int>());
        return error;
    }

    private long PageRows() => RepositoryDatabase.PageRows(this.repo.Repo.Root);

    /// <summary>Runs <paramref name="action"/> on the reporting thread once progress reaches <paramref name="at"/>.</summary>
    private sealed class WhenReported(double at, Action action) : IProgress<double>
    {
        private bool done;

        public void Report(double value)
        {
            if (this.done || value < at - 1e-9)
                return;
            this.done = true;
            action();
        }
    }

    /// <summary>A file with one double column "d" in <paramref name="rowGroups"/> row groups of 1000 rows.</summary>
    private string WriteDoubles(string name, int rowGroups)
    {
        string file = this.repo.File(name);
        var schema = new ParquetSchema([SchemaField.Primitive("d", PhysicalType.Double, Repetition.Required)]);
        using var writer = ParquetWriter.Create(file, schema, new ParquetWriterOptions { UseDictionary = false });
        for (int g = 0; g < rowGroups; g++)
        {
            var values = Enumerable.Range(g * 1000, 1000).Select(i => i * 0.5).ToArray();
            writer.WriteRowGroup([new ColumnData(schema.Columns[0], values, values.Length)]);
        }
        return file;
    }

    /// <summary>One row group; <paramref name="columns"/> holds each top-level field's row values.</summary>
    private void Write(string file, SchemaField[] fields, params object?[][] columns)
    {
        var schema = new ParquetSchema(fields);
        using var writer = ParquetWriter.Create(file, schema);
        writer.WriteRowGroup([.. schema.Columns.Select((c, i) => ColumnShredder.Shred(c, columns[i]))]);
    }

    private static List<object?> List(params object?[] items) => [.. items];

    public void Dispose() => this.repo.Dispose();
}
