using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>
/// Columns whose rows all have the same levels (<see cref="ColumnData.UniformRowLevels"/>, what an
/// export of a fixed-shape column without null rows hands the writer) are written byte for byte as
/// the general walk over their levels writes them: pages cut at the same rows, the same levels.
/// </summary>
public sealed class UniformRowsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tessera-uniform-").FullName;

    public static TheoryData<DataPageVersion, bool, int> Variants() => new()
    {
        { DataPageVersion.V1, true, 1_000 },
        { DataPageVersion.V2, true, 1_000 },
        { DataPageVersion.V1, false, 333 },
        { DataPageVersion.V2, false, 333 },
        { DataPageVersion.V1, true, 1 },
        { DataPageVersion.V2, false, 1 << 20 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Uniform_rows_are_written_as_the_walk_over_their_levels_writes_them(DataPageVersion version, bool dictionary, int pageBytes)
    {
        const int Rows = 5_003;
        var schema = new ParquetSchema(
        [
            SchemaField.Primitive("x", PhysicalType.Double, Repetition.Optional),
            SchemaField.List("v", SchemaField.Primitive("element", PhysicalType.Float, Repetition.Required)),
            SchemaField.List("m", SchemaField.List("element", SchemaField.Primitive("element", PhysicalType.Int32, Repetition.Required), Repetition.Required)),
            SchemaField.List("e", SchemaField.List("element", SchemaField.Primitive("element", PhysicalType.Int64, Repetition.Required), Repetition.Required)),
        ]);
        var options = new ParquetWriterOptions
        {
            PageVersion = version,
            UseDictionary = dictionary,
            MaxPageBytes = pageBytes,
            MaxRowsPerRowGroup = 2_000,
            Codec = CompressionCodec.Snappy,
        };
        var x = Column(schema.Columns[0], Enumerable.Range(0, Rows).Select(i => i % 97 * 0.5).ToArray(), [1], [0], Rows);
        var v = Column(schema.Columns[1], Enumerable.Range(0, Rows * 3).Select(i => (float)(i % 1_000)).ToArray(), [2, 2, 2], [0, 1, 1], Rows);
        var m = Column(schema.Columns[2], Enumerable.Range(0, Rows * 6).ToArray(), [3, 3, 3, 3, 3, 3], [0, 2, 2, 1, 2, 2], Rows);
        // Each row [[a, b], []]: three levels, two values (an empty list is a level without one).
        var e = Column(schema.Columns[3], Enumerable.Range(0, Rows * 2).Select(i => (long)i).ToArray(), [3, 3, 2], [0, 2, 1], Rows);

        byte[] walked = this.Write(schema, options, [.. new[] { x, v, m, e }.Select(c => c(false))]);
        byte[] uniform = this.Write(schema, options, [.. new[] { x, v, m, e }.Select(c => c(true))]);

        Assert.Equal(walked, uniform);
        using var reader = Tessera.Formats.Parquet.Reading.ParquetReader.Open(Path.Combine(this.directory, "uniform.parquet"));
        Assert.Equal([2_000, 2_000, 1_003], reader.RowGroups.Select(g => g.NumRows));
        var lastGroup = reader.ReadColumn(2, 2);
        Assert.Equal(Enumerable.Range(4_000 * 6, 1_003 * 6), ((int[])lastGroup.Values).Take(lastGroup.ValueCount));
        var lastPairs = reader.ReadColumn(2, 3);
        Assert.Equal(Enumerable.Range(4_000 * 2, 1_003 * 2).Select(i => (long)i), ((long[])lastPairs.Values).Take(lastPairs.ValueCount));
    }

    /// <summary>Column data of <paramref name="rows"/> rows, each with the levels given, marked uniform or not.</summary>
    private static Func<bool, ColumnData> Column<T>(ColumnDescriptor column, T[] values, short[] definitions, short[] repetitions, int rows) =>
        uniform =>
        {
            var d = Enumerable.Repeat(definitions, rows).SelectMany(l => l).ToArray();
            var r = Enumerable.Repeat(repetitions, rows).SelectMany(l => l).ToArray();
            return new ColumnData(column, values, values.Length, d, column.MaxRepetitionLevel == 0 ? null : r, d.Length)
            {
                UniformRowLevels = uniform ? definitions.Length : 0,
            };
        };

    private byte[] Write(ParquetSchema schema, ParquetWriterOptions options, IReadOnlyList<ColumnData> columns)
    {
        string path = Path.Combine(this.directory, columns[0].UniformRowLevels > 0 ? "uniform.parquet" : "walked.parquet");
        using (var writer = ParquetWriter.Create(path, schema, options))
            writer.WriteRowGroup(columns);
        return File.ReadAllBytes(path);
    }

    public void Dispose() => Directory.Delete(this.directory, recursive: true);
}
