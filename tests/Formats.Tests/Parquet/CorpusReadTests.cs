using System.Text.Json.Nodes;
using Tessera.Formats.Parquet;
using Tessera.Formats.Parquet.Reading;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>
/// Every file of the parquet-testing corpus is read and its values compared with an independent
/// reader (DuckDB; hyparquet where DuckDB lacks the codec) and with the corpus's own expectation files.
/// </summary>
public class CorpusReadTests
{
    /// <summary>Files no oracle reads, with the reason and how the test checks them instead.</summary>
    private static readonly Dictionary<string, string> DuckDbCannotRead = new()
    {
        ["hadoop_lz4_compressed.parquet"] = "DuckDB lacks the deprecated LZ4 codec; compared with hyparquet",
        ["hadoop_lz4_compressed_larger.parquet"] = "DuckDB lacks the deprecated LZ4 codec; compared with hyparquet",
        ["non_hadoop_lz4_compressed.parquet"] = "DuckDB lacks the deprecated LZ4 codec; compared with hyparquet",
        ["int96_from_spark.parquet"] = "DuckDB wraps the year-290000 INT96 differently from Spark; compared with int96_from_spark.md",
        ["map_no_value.parquet"] = "DuckDB rejects a MAP without a value field; compared with map_no_value.md",
        ["large_string_map.brotli.parquet"] = "holds two 1 GiB strings in one 2 GiB dictionary page; DuckDB and Tessera both refuse it",
    };

    private static readonly Lazy<Dictionary<string, JsonObject>> DuckDb = new(() =>
        ParquetOracles.ReadWithDuckDb(ParquetTestFiles.DataFiles().Where(f => !DuckDbCannotRead.ContainsKey(Path.GetFileName(f)))));

    public static TheoryData<string> Files => new(ParquetTestFiles.DataFiles().Select(Path.GetFileName).Where(n => !DuckDbCannotRead.ContainsKey(n!))!);

    /// <summary>Files whose page CRCs are deliberately wrong: refused by default, readable with checks off.</summary>
    private static readonly HashSet<string> CorruptChecksums =
        ["datapage_v1-corrupt-checksum.parquet", "rle-dict-uncompressed-corrupt-checksum.parquet"];

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_corpus_file_like_DuckDB(string name)
    {
        string path = Path.Combine(ParquetTestFiles.DataDirectory, name);
        var options = new ParquetReaderOptions();
        if (CorruptChecksums.Contains(name))
        {
            var error = Assert.Throws<ParquetFormatException>(() => ParquetTestFiles.ReadAllRows(path));
            Assert.Contains("CRC", error.Message);
            options = options with { VerifyChecksums = false };
        }
        var rows = ParquetTestFiles.ReadAllRows(path, options);
        ParquetOracles.AssertRowsEqual(DuckDb.Value[path], rows, name);
    }

    [Fact]
    public void Reads_deprecated_LZ4_files_like_hyparquet()
    {
        string[] names = ["hadoop_lz4_compressed.parquet", "hadoop_lz4_compressed_larger.parquet", "non_hadoop_lz4_compressed.parquet"];
        var paths = names.Select(n => Path.Combine(ParquetTestFiles.DataDirectory, n)).ToList();
        var oracle = ParquetOracles.ReadWithHyparquet(paths);
        foreach (var path in paths)
        {
            ParquetOracles.AssertRowsEqual(oracle[path], ParquetTestFiles.ReadAllRows(path), Path.GetFileName(path));
        }
    }

    [Fact]
    public void Reads_map_without_values_as_documented()
    {
        var rows = ParquetTestFiles.ReadAllRows(Path.Combine(ParquetTestFiles.DataDirectory, "map_no_value.parquet"));
        Assert.Equal(3, rows.Count);
        for (int r = 0; r < 3; r++)
        {
            int[] keys = [3 * r + 1, 3 * r + 2, 3 * r + 3];
            var map = Assert.IsType<List<KeyValuePair<object?, object?>>>(rows[r][0]);
            Assert.Equal(keys.Select(k => new KeyValuePair<object?, object?>(k, null)), map);
            var keysOnly = Assert.IsType<List<KeyValuePair<object?, object?>>>(rows[r][1]);
            Assert.Equal(keys.Cast<object?>(), keysOnly.Select(p => p.Key));
            Assert.Equal(keys.Cast<object?>(), Assert.IsType<List<object?>>(rows[r][2]));
        }
    }

    [Fact]
    public void Reads_int96_from_spark_as_documented()
    {
        var rows = ParquetTestFiles.ReadAllRows(Path.Combine(ParquetTestFiles.DataDirectory, "int96_from_spark.parquet"));
        long?[] expected = [1704141296123456, 1704070800000000, 253402225200000000, 1735599600000000, null, 9089380393200000000];
        Assert.Equal(expected, rows.Select(r => r[0] is Int96 value ? value.ToUnixMicroseconds() : (long?)null));
    }

    [Fact]
    public void Refuses_a_dictionary_page_too_large_for_one_array()
    {
        var error = Assert.Throws<ParquetFormatException>(() =>
            ParquetTestFiles.ReadAllRows(Path.Combine(ParquetTestFiles.DataDirectory, "large_string_map.brotli.parquet")));
        Assert.Contains("beyond the reader's limit", error.Message);
    }
}
