using Tessera.Formats.Mapping;
using Tessera.Formats.Parquet.Reading;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// Files that compress extremely well are sound and import with the default limits — a ZSTD page of
/// 9 MiB of spaces, a constant 1.5-million-row column, all-zero embeddings — while the same files
/// beyond a lowered limit are refused with the limit named and the flag that raises it.
/// </summary>
public sealed class ParquetLimitTests : IDisposable
{
    private readonly MappingRepo repo = new();

    [Fact]
    public void A_ZSTD_page_of_spaces_imports_and_a_lower_page_limit_refuses_it_by_name()
    {
        string file = this.Write("spaces.parquet", "SELECT repeat(' ', 1048576 * (i + 1)) AS text FROM range(0, 9) r(i)", "COMPRESSION zstd");
        Assert.True(new FileInfo(file).Length < 16 * 1024, "the spaces should compress to a few KiB");

        this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t" }));
        Assert.Equal(new string(' ', 9 << 20), this.repo.Head.Column("/t/text").Get(8).AsString());

        var error = this.Refused(file, new ParquetReaderOptions { MaxPageBytes = 4 << 20 });
        Assert.Contains("beyond the reader's limit of 4194304 bytes per page (MaxPageBytes)", error.Message, StringComparison.Ordinal);
        Assert.Contains("raise it with --max-page-mib (ImportOptions.ParquetLimits.MaxPageBytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constant_column_of_a_million_and_a_half_rows_imports()
    {
        string file = this.Write("country.parquet", "SELECT 'US' AS country FROM range(0, 1500000)", "ROW_GROUP_SIZE 1500000");
        var result = this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t" }));
        Assert.Equal(1_500_000, result.Samples);
        Assert.Equal("US", this.repo.Head.Column("/t/country").Get(1_499_999).AsString());

        var error = this.Refused(file, new ParquetReaderOptions { MaxRowGroupBytes = 1 << 20 });
        Assert.Contains("beyond the reader's limit for one row group (MaxRowGroupBytes)", error.Message, StringComparison.Ordinal);
        Assert.Contains("raise it with --max-row-group-mib", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_zero_embeddings_import()
    {
        string file = this.Write("zeros.parquet", "SELECT [0::FLOAT for x in range(768)] AS embedding FROM range(0, 3000)", "COMPRESSION zstd, ROW_GROUP_SIZE 3000");
        var result = this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t" }));
        Assert.Equal(3000, result.Samples);
        var column = this.repo.Head.Column("/t/embedding");
        Assert.Equal("ndarray float32 (768,)", column.Schema.ToString());
        Assert.All(column.Get(2999).ToArray<float>(), v => Assert.Equal(0f, v));
    }

    private string Write(string name, string query, string options)
    {
        string file = this.repo.File(name);
        NodeOracle.Run("duckdb-write-sql.mjs", file, query, options);
        return file;
    }

    private InvalidFileException Refused(string file, ParquetReaderOptions limits)
    {
        using var writer = this.repo.Repo.OpenWriter();
        var error = Assert.Throws<InvalidFileException>(() => ParquetImporter.Import(writer, file, new ImportOptions { Into = "/u", ParquetLimits = limits }));
        Assert.False(writer.HasStagedChanges);
        return error;
    }

    public void Dispose() => this.repo.Dispose();
}
