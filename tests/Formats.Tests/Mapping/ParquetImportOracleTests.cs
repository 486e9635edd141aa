using System.Text.Json.Nodes;
using Tessera.Formats.Mapping;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// DuckDB writes Parquet files (every codec; nulls, NaN, lists of constant and varying length,
/// nested lists, fixed-size arrays, strings, blobs, unsigned and small integers); Tessera imports
/// them, and every sample must equal what DuckDB itself reads from the file, every null an absent key.
/// </summary>
public sealed class ParquetImportOracleTests : IDisposable
{
    private readonly MappingRepo repo = new();

    [Theory]
    [InlineData("snappy")]
    [InlineData("zstd")]
    [InlineData("gzip")]
    [InlineData("uncompressed")]
    public void Imported_samples_equal_what_DuckDB_reads(string codec)
    {
        string file = this.repo.File($"{codec}.parquet");
        NodeOracle.Run("duckdb-write-mapping.mjs", file, codec);
        var result = this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t", Key = "id" }));
        Assert.Equal(2500, result.Rows);
        Assert.Equal(12, result.ColumnsCreated.Count);

        var oracle = ParquetOracles.ReadWithDuckDb([file])[file];
        var columns = oracle["columns"]!.AsArray().Select(c => (string)c!).ToList();
        var rows = oracle["rows"]!.AsArray().Select(r => r!.AsArray()).ToList();
        var keys = rows.Select(r => SampleKey.Of(long.Parse((string)r[0]!, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var head = this.repo.Head;
        for (int c = 1; c < columns.Count; c++)
            CanonicalSamples.AssertColumn(head.Column("/t/" + columns[c]), keys, [.. rows.Select(r => r[c])], $"{codec} {columns[c]}");

        var schemas = head.Nodes.Where(n => n.Kind == NodeKind.Column).ToDictionary(n => n.Path, n => n.Schema!.ToString());
        Assert.Equal("ndarray float32 (4,)", schemas["/t/emb"]);
        Assert.Equal("ndarray int32 ≤(5,)", schemas["/t/var"]);
        Assert.Equal("ndarray int64 (2, 3)", schemas["/t/grid"]);
        Assert.Equal("ndarray float64 (2,)", schemas["/t/pair"]);
        Assert.Equal("ndarray uint8 ()", schemas["/t/byte"]);
        Assert.Equal("str", schemas["/t/name"]);
        Assert.Equal("bytes", schemas["/t/raw"]);
    }

    [Fact]
    public void Without_a_key_rows_are_keyed_by_index_and_columns_can_be_chosen()
    {
        string file = this.repo.File("plain.parquet");
        NodeOracle.Run("duckdb-write-mapping.mjs", file, "snappy", "1500");
        var result = this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t", Columns = ["name", "grid"] }));
        Assert.Equal(["/t/name", "/t/grid"], result.Columns);
        var oracle = ParquetOracles.ReadWithDuckDb([file])[file];
        var rows = oracle["rows"]!.AsArray().Select(r => r!.AsArray()).ToList();
        var keys = Enumerable.Range(0, rows.Count).Select(i => SampleKey.Of(i)).ToList();
        int name = oracle["columns"]!.AsArray().Select(c => (string)c!).ToList().IndexOf("name");
        CanonicalSamples.AssertColumn(this.repo.Head.Column("/t/name"), keys, [.. rows.Select(r => r[name])], "name by row index");
        Assert.Equal(2, this.repo.Head.Nodes.Count(n => n.Kind == NodeKind.Column));
    }

    [Fact]
    public void List_shapes_that_change_after_the_first_row_group_make_a_variable_shape()
    {
        string file = this.repo.File("shapes.parquet");
        NodeOracle.Run("duckdb-write-sql.mjs", file,
            "SELECT i AS id, CASE WHEN i < 2048 THEN [i, i + 1] ELSE [i, i + 1, i + 2] END AS v, [i * 1.0, 2.0, 3.0, 4.0]::DOUBLE[] AS w FROM range(5000) t(i)",
            "ROW_GROUP_SIZE 2048");
        using (var reader = Tessera.Formats.Parquet.Reading.ParquetReader.Open(file))
            Assert.True(reader.RowGroups.Count > 1 && reader.RowGroups[0].NumRows <= 2048, "DuckDB wrote the lists of three in a later row group than the first");
        using var writer = this.repo.Repo.OpenWriter();
        var result = ParquetImporter.Import(writer, file, new ImportOptions { Into = "/s", Key = "id" });
        Assert.Equal(10_000, result.Samples);
        var schemas = writer.Nodes.Where(n => n.Kind == NodeKind.Column).ToDictionary(n => n.Path, n => n.Schema!.ToString());
        Assert.Equal("ndarray int64 ≤(3,)", schemas["/s/v"]);
        Assert.Equal("ndarray float64 (4,)", schemas["/s/w"]);
        Assert.Equal(5000, writer.Column("/s/v").Count);
        Assert.Equal([5L, 6L], writer.Column("/s/v").Get(5).ToArray<long>());
        Assert.Equal([3000L, 3001L, 3002L], writer.Column("/s/v").Get(3000).ToArray<long>());
        Assert.Equal([4999.0, 2.0, 3.0, 4.0], writer.Column("/s/w").Get(4999).ToArray<double>());
    }

    [Fact]
    public void Dictionary_encoded_numbers_imported_with_their_codes_equal_what_DuckDB_reads()
    {
        // Few distinct values, which DuckDB writes with dictionary pages: the reader keeps their
        // indices and the import hands them to the dictionary codec of runs.
        string file = this.repo.File("dictionary.parquet");
        NodeOracle.Run("duckdb-write-sql.mjs", file,
            "SELECT i AS id, [((i * 7 + k) % 97) / 4.0 FOR k IN range(16)]::FLOAT[] AS emb, (((i * 13) % 61) * 0.5)::DOUBLE AS score FROM range(5000) t(i)");
        using (var reader = Tessera.Formats.Parquet.Reading.ParquetReader.Open(file, new() { KeepDictionaryIndices = true }))
        {
            for (int leaf = 1; leaf <= 2; leaf++)
                Assert.NotNull(reader.ReadColumn(0, leaf).DictionaryIndices);
        }
        this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/d", Key = "id" }));

        var oracle = ParquetOracles.ReadWithDuckDb([file])[file];
        var columns = oracle["columns"]!.AsArray().Select(c => (string)c!).ToList();
        var rows = oracle["rows"]!.AsArray().Select(r => r!.AsArray()).ToList();
        var keys = rows.Select(r => SampleKey.Of(long.Parse((string)r[0]!, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        for (int c = 1; c < columns.Count; c++)
            CanonicalSamples.AssertColumn(this.repo.Head.Column("/d/" + columns[c]), keys, [.. rows.Select(r => r[c])], columns[c]);
        Assert.True(this.repo.Repo.Verify().IsOk);
    }

    public void Dispose() => this.repo.Dispose();
}
