using Tessera.Formats.Mapping;
using Tessera.Formats.Parquet.Reading;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// Where an export cuts row groups (131,072 rows, or the row whose samples fill 64 MiB) whether rows
/// are gathered column by column (rows every column holds, samples that cannot fill the row group)
/// or row by row (gaps, samples stored on their own, large samples), and that every row comes back.
/// </summary>
public sealed class ParquetExportRowGroupTests : IDisposable
{
    private readonly MappingRepo repo = new();

    [Fact]
    public void Row_groups_hold_131072_rows_and_give_back_every_row_of_columns_with_gaps()
    {
        const int Rows = 140_000;
        this.repo.Commit(w =>
        {
            var all = Enumerable.Range(0, Rows).ToArray();
            w.CreateColumn("/t/x", ColumnSchema.NDArray(DType.Float64)).AddRange<double>([.. all.Select(i => SampleKey.Of(i))], all.Select(i => i * 0.5).ToArray());
            var some = all.Where(i => i % 1000 != 7).ToArray();
            w.CreateColumn("/t/v", ColumnSchema.NDArray(DType.Float32, 4)).AddRange<float>([.. some.Select(i => SampleKey.Of(i))], some.SelectMany(i => new[] { i, 1f, 2f, i % 10 }).ToArray());
            var names = w.CreateColumn("/t/name", ColumnSchema.Str());
            foreach (int i in all.Where(i => i % 3 != 0))
                names.AddString(i, i == 100_000 ? new string('n', 500) : $"row {i}");
            return 0;
        });
        string file = this.repo.File("t.parquet");

        var result = ParquetExporter.Export(this.repo.Repo, "/t", file, new ExportOptions());

        Assert.Equal(Rows, result.Rows);
        using (var reader = ParquetReader.Open(file))
            Assert.Equal([131_072, Rows - 131_072], reader.RowGroups.Select(g => g.NumRows));
        this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/back" }));
        var head = this.repo.Head;
        foreach (var name in new[] { "x", "v", "name" })
            Assert.Equal(Described(head.Column("/t/" + name)), Described(head.Column("/back/" + name)));
    }

    [Fact]
    public void A_row_group_ends_after_the_row_whose_samples_fill_64_MiB()
    {
        const int Elements = 131_072;   // 1 MiB of float64 a sample
        this.repo.Commit(w =>
        {
            var column = w.CreateColumn("/big/x", ColumnSchema.NDArray(DType.Float64, Elements));
            var label = w.CreateColumn("/big/label", ColumnSchema.Str());
            for (int row = 0; row < 70; row++)
            {
                column.Add<double>(row, [.. Enumerable.Range(0, Elements).Select(e => (double)(row + (e % 64)))]);
                label.AddString(row, $"r{row}");
            }
            return 0;
        });
        string file = this.repo.File("big.parquet");

        ParquetExporter.Export(this.repo.Repo, "/big", file, new ExportOptions());

        // 64 rows make 64 MiB of samples (the labels' bytes on top): the row group ends after row 63.
        using var reader = ParquetReader.Open(file);
        Assert.Equal([64, 6], reader.RowGroups.Select(g => g.NumRows));
    }

    private static List<(SampleKey, string)> Described(ColumnReader column) =>
        [.. ((ColumnSnapshot)column).ReadAll().Select(e => (e.Key, Convert.ToHexString(e.Sample.Bytes.Span)))];

    public void Dispose() => this.repo.Dispose();
}
