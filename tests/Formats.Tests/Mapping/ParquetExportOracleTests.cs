using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Formats.Mapping;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// Tessera exports a group to Parquet with each codec; DuckDB and hyparquet read the file, and every
/// row must hold the key's sample of every column, or null where the column lacks the key.
/// </summary>
public sealed class ParquetExportOracleTests : IDisposable
{
    private readonly MappingRepo repo = new();

    [Fact]
    public void DuckDB_and_hyparquet_read_exported_files_of_every_codec()
    {
        this.repo.Commit(w =>
        {
            SampleGroups.Diverse(w, withHalf: false);
            return 0;
        });
        var files = new List<string>();
        foreach (var codec in new[] { CompressionCodec.Snappy, CompressionCodec.Zstd, CompressionCodec.Gzip, CompressionCodec.Uncompressed })
        {
            string file = this.repo.File($"{codec}.parquet");
            var result = ParquetExporter.Export(this.repo.Repo, "/d", file, new ExportOptions { ParquetCompression = codec });
            Assert.Equal(300, result.Rows);
            files.Add(file);
        }
        var duckdb = ParquetOracles.ReadWithDuckDb(files);
        var hyparquet = ParquetOracles.ReadWithHyparquet(files);
        foreach (var file in files)
        {
            this.AssertRows(duckdb[file], $"DuckDB {Path.GetFileName(file)}", skip: null);
            // hyparquet-read.mjs decodes every BYTE_ARRAY as UTF-8 text, so only DuckDB checks the bytes column.
            this.AssertRows(hyparquet[file], $"hyparquet {Path.GetFileName(file)}", skip: "raw");
        }
    }

    private void AssertRows(JsonObject oracle, string what, string? skip)
    {
        Assert.False(oracle.ContainsKey("error"), $"{what}: {oracle["error"]}");
        var columns = oracle["columns"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal("key", columns[0]);
        var rows = oracle["rows"]!.AsArray().Select(r => r!.AsArray()).ToList();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (i * 10L).ToString(CultureInfo.InvariantCulture)), rows.Select(r => (string)r[0]!));
        var keys = rows.Select(r => SampleKey.Of(long.Parse((string)r[0]!, CultureInfo.InvariantCulture))).ToList();
        var head = this.repo.Head;
        foreach (int c in Enumerable.Range(1, columns.Count - 1).Where(c => columns[c] != skip))
            CanonicalSamples.AssertColumn(head.Column("/d/" + columns[c]), keys, [.. rows.Select(r => r[c])], $"{what} {columns[c]}");
        Assert.Equal(head.Nodes.Count(n => n.Kind == NodeKind.Column) + 1, columns.Count);
    }

    public void Dispose() => this.repo.Dispose();
}
