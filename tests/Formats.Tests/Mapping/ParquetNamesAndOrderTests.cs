using Tessera.Formats.Mapping;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// Export writes a group's columns in the order the import read them (not by name), or in the order
/// of --columns; --rename imports columns whose names are not node names, and export writes the
/// original names back.
/// </summary>
public sealed class ParquetNamesAndOrderTests : IDisposable
{
    private const string Query = """SELECT i AS zeta, i * 2 AS alpha, 'v' || i AS "my col", i * 0.5 AS "ü", i % 3 AS mid FROM range(0, 50) r(i)""";
    private readonly MappingRepo repo = new();

    [Fact]
    public void Export_keeps_the_import_order_or_the_order_of_columns()
    {
        string file = this.repo.File("order.parquet");
        NodeOracle.Run("duckdb-write-sql.mjs", file, "SELECT i AS zeta, i * 2 AS alpha, i % 3 AS mid FROM range(0, 50) r(i)");
        this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t" }));

        Assert.Equal(["key", "zeta", "alpha", "mid"], this.ExportedColumns(new ExportOptions()));
        Assert.Equal(["key", "mid", "zeta"], this.ExportedColumns(new ExportOptions { Columns = ["mid", "zeta"] }));
    }

    [Fact]
    public void Renamed_columns_import_and_export_under_their_original_names()
    {
        string file = this.repo.File("names.parquet");
        NodeOracle.Run("duckdb-write-sql.mjs", file, Query);
        using (var writer = this.repo.Repo.OpenWriter())
        {
            var error = Assert.Throws<InvalidFileException>(() => ParquetImporter.Import(writer, file, new ImportOptions { Into = "/t" }));
            Assert.Contains("--rename 'my col=my_col'", error.Message, StringComparison.Ordinal);
            Assert.Contains("--rename 'ü=u'", error.Message, StringComparison.Ordinal);
        }
        var rename = Renames.Parse(["my col=my_col", "ü=u"]);
        var result = this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t", Rename = rename }));
        Assert.Equal(["/t/zeta", "/t/alpha", "/t/my_col", "/t/u", "/t/mid"], result.Columns);
        Assert.Equal("s:v7", CanonicalSamples.ToJson(this.repo.Head.Column("/t/my_col").Get(7)).GetValue<string>());

        string exported = this.repo.File("exported.parquet");
        ParquetExporter.Export(this.repo.Repo, "/t", exported, new ExportOptions());
        var original = ParquetOracles.ReadWithDuckDb([file, exported]);
        Assert.Equal(["key", "zeta", "alpha", "my col", "ü", "mid"], original[exported]["columns"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(
            original[file]["rows"]!.AsArray().Select(r => r!.ToJsonString()),
            original[exported]["rows"]!.AsArray().Select(r => new System.Text.Json.Nodes.JsonArray([.. r!.AsArray().Skip(1).Select(v => v?.DeepClone())]).ToJsonString()));
    }

    private List<string> ExportedColumns(ExportOptions options)
    {
        string exported = this.repo.File("exported.parquet");
        ParquetExporter.Export(this.repo.Repo, "/t", exported, options);
        return [.. ParquetOracles.ReadWithDuckDb([exported])[exported]["columns"]!.AsArray().Select(c => (string)c!)];
    }

    public void Dispose() => this.repo.Dispose();
}
