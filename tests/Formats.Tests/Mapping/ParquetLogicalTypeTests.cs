using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Tessera.Formats.Mapping;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;
using Tessera.Formats.Tests.Parquet;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// DECIMAL (INT32, INT64 and FIXED_LEN_BYTE_ARRAY), DATE, TIME, TIMESTAMP (every unit, local and
/// UTC), INTERVAL and lists of strings from DuckDB are imported as their stored integers or bytes with a <c>parquet</c>
/// attribute: each sample, read through that attribute, equals what DuckDB reads, every NULL is an
/// absent key. INT96 from Spark keeps its 12 stored bytes. DuckDB reads each exported file as the
/// same types and values as the original.
/// </summary>
public sealed class ParquetLogicalTypeTests : IDisposable
{
    private readonly MappingRepo repo = new();

    [Fact]
    public void DuckDB_logical_types_import_exactly_and_export_as_the_same_types()
    {
        string file = this.repo.File("logical.parquet");
        NodeOracle.Run("duckdb-write-logical.mjs", file);
        this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t", Key = "id" }));

        var head = this.repo.Head;
        Assert.Equal("ndarray int32 ()", head.Column("/t/d4").Schema.ToString());
        Assert.Equal("ndarray int64 ()", head.Column("/t/d18").Schema.ToString());
        Assert.Equal("bytes", head.Column("/t/d38").Schema.ToString());
        Assert.Equal("ndarray int32 ()", head.Column("/t/day").Schema.ToString());
        Assert.Equal("ndarray int64 ()", head.Column("/t/ts_ns").Schema.ToString());
        Assert.Equal("bytes", head.Column("/t/span").Schema.ToString());
        Assert.Equal("bytes", head.Column("/t/tags").Schema.ToString());
        Assert.Equal("""{"logicalType":"LIST"}""", head.Attributes("/t/tags")["parquet"]!.ToJsonString());
        Assert.Equal("""{"logicalType":"DECIMAL","precision":38,"scale":4,"typeLength":16}""", head.Attributes("/t/d38")["parquet"]!.ToJsonString());
        Assert.Equal("""{"isAdjustedToUTC":false,"logicalType":"TIMESTAMP","unit":"NANOS"}""", head.Attributes("/t/ts_ns")["parquet"]!.ToJsonString());

        var original = ParquetOracles.ReadWithDuckDb([file])[file];
        this.AssertSamplesEqual(original, "id", head);

        string exported = this.repo.File("exported.parquet");
        ParquetExporter.Export(this.repo.Repo, "/t", exported, new ExportOptions());
        AssertSameTable(original, "id", ParquetOracles.ReadWithDuckDb([exported])[exported], "key");
        using (var reader = Tessera.Formats.Parquet.Reading.ParquetReader.Open(exported))
        {
            // INTERVAL has no defined sort order, so no min/max; DECIMAL and TIMESTAMP have theirs.
            int span = reader.Schema.Columns.ToList().FindIndex(c => c.Field.Name == "span");
            Assert.Null(reader.RowGroups[0].Columns[span].Statistics?.Min);
            int ts = reader.Schema.Columns.ToList().FindIndex(c => c.Field.Name == "ts");
            Assert.NotNull(reader.RowGroups[0].Columns[ts].Statistics?.Min);
        }

        // Importing the export gives back the same columns, attributes and samples.
        this.repo.Commit(w => ParquetImporter.Import(w, exported, new ImportOptions { Into = "/copy" }));
        head = this.repo.Head;
        foreach (var name in new[] { "d4", "d18", "d38", "day", "clock", "clock_utc", "ts", "ts_utc", "ts_ms", "ts_ns", "span", "tags" })
        {
            Assert.Equal(head.Column("/t/" + name).Schema, head.Column("/copy/" + name).Schema);
            Assert.Equal(head.Attributes("/t/" + name).ToJsonString(), head.Attributes("/copy/" + name).ToJsonString());
            Assert.Equal(head.Column("/t/" + name).Entries(), head.Column("/copy/" + name).Entries());
        }
    }

    [Fact]
    public void TIME_in_milliseconds_and_nanoseconds_imports_exactly_and_exports_as_the_same_types()
    {
        // DuckDB writes TIME in microseconds only, so Tessera's writer makes the other two units.
        string file = this.repo.File("times.parquet");
        var schema = new ParquetSchema(
        [
            SchemaField.Primitive("t_ms", PhysicalType.Int32, Repetition.Optional, LogicalType.Time(TimeUnit.Millis, false)),
            SchemaField.Primitive("t_ns", PhysicalType.Int64, Repetition.Optional, LogicalType.Time(TimeUnit.Nanos, true)),
        ]);
        using (var writer = ParquetWriter.Create(file, schema))
        {
            var rows = Enumerable.Range(0, 200).ToList();
            writer.WriteRowGroup(
            [
                ColumnShredder.Shred(schema.Columns[0], rows.Select(i => i % 7 == 0 ? null : (object?)(int)((i * 431_234L) % 86_400_000))),
                ColumnShredder.Shred(schema.Columns[1], rows.Select(i => i % 5 == 1 ? null : (object?)((i * 431_234_567_891L) % 86_400_000_000_000))),
            ]);
        }
        this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t" }));
        var head = this.repo.Head;
        Assert.Equal("ndarray int32 ()", head.Column("/t/t_ms").Schema.ToString());
        Assert.Equal("ndarray int64 ()", head.Column("/t/t_ns").Schema.ToString());

        var original = ParquetOracles.ReadWithDuckDb([file])[file];
        this.AssertSamplesEqual(original, key: null, head);
        string exported = this.repo.File("exported.parquet");
        ParquetExporter.Export(this.repo.Repo, "/t", exported, new ExportOptions());
        AssertSameTable(original, null, ParquetOracles.ReadWithDuckDb([exported])[exported], "key");
    }

    [Fact]
    public void Spark_INT96_timestamps_keep_their_12_bytes_and_export_as_INT96()
    {
        string file = Path.Combine(ParquetTestFiles.DataDirectory, "int96_from_spark.parquet");
        this.repo.Commit(w => ParquetImporter.Import(w, file, new ImportOptions { Into = "/t" }));
        var head = this.repo.Head;
        Assert.Equal("bytes", head.Column("/t/a").Schema.ToString());
        Assert.Equal("""{"logicalType":"INT96"}""", head.Attributes("/t/a")["parquet"]!.ToJsonString());

        using (var source = Tessera.Formats.Parquet.Reading.ParquetReader.Open(file))
        {
            var stored = source.ReadColumn(0, 0);
            var column = head.Column("/t/a");
            int value = 0;
            for (int row = 0; row < stored.LevelCount; row++)
            {
                if (stored.DefinitionLevels[row] == 0)
                {
                    Assert.False(column.Contains(SampleKey.Of(row)));
                    continue;
                }
                var bytes = new byte[12];
                stored.Span<Int96>()[value++].Write(bytes);
                Assert.Equal(bytes, column.Get(SampleKey.Of(row)).Bytes.ToArray());
            }
        }

        // DuckDB reads the exported INT96 values as the same timestamps as Spark's.
        var original = ParquetOracles.ReadWithDuckDb([file])[file];

        string exported = this.repo.File("exported.parquet");
        ParquetExporter.Export(this.repo.Repo, "/t", exported, new ExportOptions());
        AssertSameTable(original, null, ParquetOracles.ReadWithDuckDb([exported])[exported], "key");
        using var reader = Tessera.Formats.Parquet.Reading.ParquetReader.Open(exported);
        Assert.Equal(Tessera.Formats.Parquet.Metadata.PhysicalType.Int96, reader.Schema.Columns[1].PhysicalType);
    }

    /// <summary>Every column's samples, read through their annotation, equal DuckDB's values; NULL rows have no sample.</summary>
    private void AssertSamplesEqual(JsonObject oracle, string? key, ReadCheckout head)
    {
        var columns = oracle["columns"]!.AsArray().Select(c => (string)c!).ToList();
        var types = oracle["types"]!.AsArray().Select(c => (string)c!).ToList();
        var rows = oracle["rows"]!.AsArray().Select(r => r!.AsArray()).ToList();
        int keyIndex = key is null ? -1 : columns.IndexOf(key);
        var keys = rows.Select((r, i) => SampleKey.Of(key is null ? i : long.Parse((string)r[keyIndex]!, CultureInfo.InvariantCulture))).ToList();
        for (int c = 0; c < columns.Count; c++)
        {
            if (c == keyIndex)
                continue;
            string path = "/t/" + columns[c];
            var column = head.Column(path);
            var annotation = head.Attributes(path)["parquet"]!.AsObject();
            for (int r = 0; r < rows.Count; r++)
            {
                if (rows[r][c] is null)
                {
                    Assert.False(column.Contains(keys[r]), $"{path} key {keys[r]} should be absent");
                    continue;
                }
                var actual = Canonical(column.Get(keys[r]), annotation, types[c]);
                Assert.True(JsonNode.DeepEquals(rows[r][c], actual), $"{path} key {keys[r]}: DuckDB {rows[r][c]!.ToJsonString()}, Tessera {actual.ToJsonString()}");
            }
        }
    }

    /// <summary>The exported file has the original's columns in its order, of the same DuckDB types, with the same rows (keys ascending in both).</summary>
    private static void AssertSameTable(JsonObject original, string? originalKey, JsonObject exported, string exportedKey)
    {
        Assert.False(exported.ContainsKey("error"), $"DuckDB cannot read the export: {exported["error"]}");
        var names = original["columns"]!.AsArray().Select(c => (string)c!).ToList();
        var types = original["types"]!.AsArray().Select(c => (string)c!).ToList();
        var keep = Enumerable.Range(0, names.Count).Where(i => names[i] != originalKey).ToList();
        Assert.Equal([exportedKey, .. keep.Select(i => names[i])], exported["columns"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(keep.Select(i => types[i]), exported["types"]!.AsArray().Skip(1).Select(c => (string)c!));
        // A row null in every column has no key in the group, so no row in the export.
        var expectedRows = original["rows"]!.AsArray().Select(r => new JsonArray([.. keep.Select(i => r![i]?.DeepClone())]))
            .Where(r => r.Any(v => v is not null)).ToList();
        var actualRows = exported["rows"]!.AsArray().Select(r => new JsonArray([.. r!.AsArray().Skip(1).Select(v => v?.DeepClone())])).ToList();
        Assert.Equal(expectedRows.Count, actualRows.Count);
        for (int r = 0; r < expectedRows.Count; r++)
            Assert.True(JsonNode.DeepEquals(expectedRows[r], actualRows[r]), $"row {r}: original {expectedRows[r].ToJsonString()}, exported {actualRows[r].ToJsonString()}");
    }

    /// <summary>A sample in the canonical form of tests/oracles/canonical.mjs for the DuckDB type the file's column reads as.</summary>
    private static JsonNode Canonical(Sample sample, JsonObject annotation, string duckType)
    {
        string logical = (string)annotation["logicalType"]!;
        if (logical == "LIST")
            return StringList(sample.Bytes.Span);
        string unit = (string?)annotation["unit"] ?? "";
        BigInteger value = logical switch
        {
            "INTERVAL" => 0,
            _ when sample.Kind == ColumnKind.Bytes => new BigInteger(sample.Bytes.Span, isUnsigned: false, isBigEndian: true),
            _ when sample.DType == DType.Int32 => sample.ToArray<int>()[0],
            _ => sample.ToArray<long>()[0],
        };
        BigInteger micros = unit switch { "MILLIS" => value * 1000, "NANOS" => value / 1000, _ => value };
        var bytes = sample.Bytes.Span;
        return (string)(duckType switch
        {
            _ when logical == "DECIMAL" => $"d:{value}/{(int)annotation["scale"]!}",
            "DATE" => $"date:{value}",
            "TIME" => $"time_us:{micros}",
            "TIME WITH TIME ZONE" => $"time_tz:{micros}/0",
            "TIMESTAMP" or "TIMESTAMP WITH TIME ZONE" => $"ts_us:{micros}",
            "TIMESTAMP_NS" => $"ts_ns:{value}",
            "INTERVAL" => $"interval:{BinaryPrimitives.ReadUInt32LittleEndian(bytes)}/{BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..])}/{BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]) * 1000L}",
            _ => throw new InvalidOperationException($"No canonical form for {duckType}."),
        })!;
    }

    /// <summary>A list-of-strings sample (4-byte little-endian lengths, each followed by its UTF-8 bytes) as DuckDB's list.</summary>
    private static JsonArray StringList(ReadOnlySpan<byte> sample)
    {
        var items = new JsonArray();
        while (!sample.IsEmpty)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(sample);
            items.Add("s:" + System.Text.Encoding.UTF8.GetString(sample.Slice(4, length)));
            sample = sample[(4 + length)..];
        }
        return items;
    }

    public void Dispose() => this.repo.Dispose();
}
