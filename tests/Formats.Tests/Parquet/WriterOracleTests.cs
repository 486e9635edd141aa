using System.Numerics;
using System.Text.Json.Nodes;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>
/// Files Tessera writes (every codec, page v1 and v2, dictionary on and off, delta encoding,
/// nulls, lists, nested lists) are read back by DuckDB and hyparquet and by Tessera itself,
/// and compared with the source rows value by value.
/// </summary>
public sealed class WriterOracleTests : IDisposable
{
    private const int RowCount = 2500;
    /// <summary>Columns hyparquet returns exactly (it turns decimals and dates into lossy JS values).</summary>
    private const int HyparquetColumns = 8;
    private readonly string directory = Directory.CreateTempSubdirectory("tessera-writer-").FullName;

    private static ParquetSchema Schema() => new(
    [
        SchemaField.Primitive("id", PhysicalType.Int64, Repetition.Required),
        SchemaField.Primitive("score", PhysicalType.Double, Repetition.Optional),
        SchemaField.Primitive("name", PhysicalType.ByteArray, Repetition.Optional, LogicalType.String),
        SchemaField.Primitive("flag", PhysicalType.Boolean, Repetition.Optional),
        SchemaField.Primitive("small", PhysicalType.Int32, Repetition.Required, LogicalType.Integer(16, true)),
        SchemaField.List("emb", SchemaField.Primitive("element", PhysicalType.Float, Repetition.Optional)),
        SchemaField.List("nested", SchemaField.List("element", SchemaField.Primitive("element", PhysicalType.Int32, Repetition.Optional))),
        SchemaField.Primitive("bin", PhysicalType.ByteArray, Repetition.Optional),
        SchemaField.Primitive("price", PhysicalType.Int64, Repetition.Optional, LogicalType.Decimal(18, 3)),
        SchemaField.Primitive("day", PhysicalType.Int32, Repetition.Optional, LogicalType.Date),
    ]);

    private static object?[][] Rows()
    {
        var rows = new object?[RowCount][];
        for (int i = 0; i < RowCount; i++)
        {
            rows[i] =
            [
                (long)i * 1_000_003 - 7,
                i % 11 == 0 ? null : i % 13 == 0 ? double.NaN : i % 17 == 0 ? -0.0 : i * 1.25 - 100,
                i % 7 == 0 ? null : i % 31 == 0 ? "" : $"name-{i % 50}" + (i % 5 == 0 ? " ünïcødé ✓" : ""),
                i % 3 == 0 ? null : i % 2 == 0,
                (short)(i % 700 - 350),
                i % 19 == 0 ? null : i % 23 == 0 ? new List<object?>() : new List<object?> { (float)i / 3, null, -(float)i },
                i % 29 == 0 ? null : new List<object?> { new List<object?> { i, null }, new List<object?>(), null, new List<object?> { i % 5 } },
                i % 9 == 0 ? null : new byte[] { (byte)(i % 128), 0x41, (byte)(i % 7) },
                i % 37 == 0 ? null : new DecimalValue(new BigInteger(i) * 12345 - 99999, 3),
                i % 41 == 0 ? null : DateOnly.FromDayNumber(730_000 + i),
            ];
        }
        return rows;
    }

    public static IEnumerable<(string Name, ParquetWriterOptions Options)> Variants()
    {
        var small = new ParquetWriterOptions { MaxRowsPerRowGroup = 1000, MaxPageBytes = 2048, KeyValueMetadata = [new("origin", "tessera-test")] };
        foreach (var codec in new[] { CompressionCodec.Uncompressed, CompressionCodec.Snappy, CompressionCodec.Gzip, CompressionCodec.Zstd, CompressionCodec.Brotli })
        {
            foreach (var version in new[] { DataPageVersion.V1, DataPageVersion.V2 })
            {
                foreach (bool dictionary in new[] { true, false })
                {
                    yield return ($"{codec}-{version}-{(dictionary ? "dict" : "plain")}", small with { Codec = codec, PageVersion = version, UseDictionary = dictionary });
                }
            }
        }
        yield return ("delta-v2", small with { UseDictionary = false, UseDeltaEncoding = true, PageVersion = DataPageVersion.V2, Codec = CompressionCodec.Zstd });
        yield return ("one-group-no-stats-no-crc", new ParquetWriterOptions { WriteStatistics = false, WritePageChecksums = false });
    }

    [Fact]
    public void DuckDB_hyparquet_and_Tessera_read_back_what_Tessera_wrote()
    {
        var schema = Schema();
        var rows = Rows();
        var files = new List<string>();
        foreach (var (name, options) in Variants())
        {
            string path = Path.Combine(this.directory, name + ".parquet");
            Write(path, schema, rows, options);
            files.Add(path);
        }
        var duckdb = ParquetOracles.ReadWithDuckDb(files);
        var hyparquet = ParquetOracles.ReadWithHyparquet(files);
        foreach (string path in files)
        {
            string name = Path.GetFileName(path);
            AssertMatches(duckdb[path], rows, schema.Root.Children.Count, $"DuckDB reading {name}");
            AssertMatches(hyparquet[path], rows, HyparquetColumns, $"hyparquet reading {name}");
            var reread = ParquetTestFiles.ReadAllRows(path);
            Assert.Equal(rows.Length, reread.Count);
        }
    }

    [Fact]
    public void Tessera_reads_back_its_own_files_exactly()
    {
        var schema = Schema();
        var rows = Rows();
        foreach (var (name, options) in Variants())
        {
            string path = Path.Combine(this.directory, name + ".parquet");
            Write(path, schema, rows, options);
            using var reader = Tessera.Formats.Parquet.Reading.ParquetReader.Open(path);
            if (options.KeyValueMetadata.Count > 0)
            {
                Assert.Contains(new KeyValuePair<string, string?>("origin", "tessera-test"), reader.KeyValueMetadata);
                Assert.Equal(3, reader.RowGroups.Count);
            }
            var id = reader.RowGroups[0].Columns[0];
            Assert.Equal(options.UseDictionary, id.Encodings.Contains(ParquetEncoding.RleDictionary));
            Assert.Equal(options.WriteStatistics, id.Statistics is not null);
            var reread = ParquetTestFiles.ReadAllRows(path);
            for (int r = 0; r < rows.Length; r++)
            {
                Assert.Equal(Normalize(rows[r]), Normalize(reread[r]));
            }
        }
    }

    [Fact]
    public void ZSTD_pages_are_compressed_and_read_back_by_DuckDB_and_hyparquet()
    {
        // Pages of several 128 KiB blocks: a repetitive float column, a smooth double column and text.
        var schema = new ParquetSchema(
        [
            SchemaField.Primitive("id", PhysicalType.Int64, Repetition.Required),
            SchemaField.Primitive("level", PhysicalType.Float, Repetition.Required),
            SchemaField.Primitive("wave", PhysicalType.Double, Repetition.Optional),
            SchemaField.Primitive("label", PhysicalType.ByteArray, Repetition.Optional, LogicalType.String),
        ]);
        var rows = Enumerable.Range(0, 100_000).Select(i => new object?[]
        {
            (long)i,
            (i / 10 % 40) * 0.25f,
            i % 97 == 0 ? null : Math.Round(Math.Sin(i / 300.0), 3),
            i % 89 == 0 ? null : $"sensor-{i % 12} reading {i / 1000}",
        }).ToArray();
        var files = new List<string>();
        foreach (var version in new[] { DataPageVersion.V1, DataPageVersion.V2 })
        {
            string path = Path.Combine(this.directory, $"zstd-large-{version}.parquet");
            Write(path, schema, rows, new ParquetWriterOptions { Codec = CompressionCodec.Zstd, UseDictionary = false, PageVersion = version });
            files.Add(path);
            using var reader = Tessera.Formats.Parquet.Reading.ParquetReader.Open(path);
            foreach (var column in reader.RowGroups[0].Columns)
            {
                double ratio = (double)column.TotalCompressedSize / column.TotalUncompressedSize;
                Assert.True(ratio < 0.5, $"{column.PathInSchema[0]} ({version}) compressed to {ratio:P1} of its size");
            }
        }
        var duckdb = ParquetOracles.ReadWithDuckDb(files);
        var hyparquet = ParquetOracles.ReadWithHyparquet(files);
        foreach (string path in files)
        {
            AssertMatches(duckdb[path], rows, 4, $"DuckDB reading {Path.GetFileName(path)}");
            AssertMatches(hyparquet[path], rows, 4, $"hyparquet reading {Path.GetFileName(path)}");
        }
    }

    /// <summary>Compares the first <paramref name="columns"/> columns of every row with an oracle's reading.</summary>
    private static void AssertMatches(JsonObject oracle, object?[][] rows, int columns, string what)
    {
        Assert.False(oracle.ContainsKey("error"), $"{what}: {oracle["error"]}");
        var expected = oracle["rows"]!.AsArray();
        Assert.Equal(rows.Length, expected.Count);
        for (int r = 0; r < rows.Length; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                OracleComparer.AssertEqual(expected[r]![c], rows[r][c], $"{what} row {r} column {c}");
            }
        }
    }

    private static void Write(string path, ParquetSchema schema, object?[][] rows, ParquetWriterOptions options)
    {
        var columns = schema.Columns.Select(column =>
        {
            int field = schema.Root.Children.ToList().FindIndex(f => f.Name == column.Path[0]);
            return ColumnShredder.Shred(column, rows.Select(row => row[field]));
        }).ToList();
        using var writer = ParquetWriter.Create(path, schema, options);
        writer.WriteRowGroup(columns);
    }

    /// <summary>Renders a row so that equal values compare equal (lists by content, NaN and -0 by bits).</summary>
    private static string Normalize(object?[] row) => string.Join("|", row.Select(Render));

    private static string Render(object? value) => value switch
    {
        null => "null",
        List<object?> list => "[" + string.Join(",", list.Select(Render)) + "]",
        byte[] bytes => Convert.ToHexString(bytes),
        double d => BitConverter.DoubleToInt64Bits(d).ToString(System.Globalization.CultureInfo.InvariantCulture),
        float f => BitConverter.SingleToInt32Bits(f).ToString(System.Globalization.CultureInfo.InvariantCulture),
        short s => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    public void Dispose() => Directory.Delete(this.directory, recursive: true);
}
