using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>
/// Files DuckDB writes with every codec it has and both format versions (v2 brings
/// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY and BYTE_STREAM_SPLIT) are read by Tessera and
/// compared value by value with DuckDB's own reading of them.
/// </summary>
public sealed class DuckDbWrittenFileTests : IDisposable
{
    private static readonly string[] Codecs = ["uncompressed", "snappy", "gzip", "zstd", "brotli", "lz4_raw"];
    private readonly string directory = Directory.CreateTempSubdirectory("tessera-duckdb-").FullName;

    [Fact]
    public void Reads_DuckDB_files_of_every_codec_and_version()
    {
        var files = new List<string>();
        foreach (string version in new[] { "v1", "v2" })
        {
            foreach (string codec in Codecs)
            {
                string path = Path.Combine(this.directory, $"{codec}-{version}.parquet");
                NodeOracle.Run("duckdb-write.mjs", path, codec, version);
                files.Add(path);
            }
        }
        var oracle = ParquetOracles.ReadWithDuckDb(files);
        foreach (string path in files)
        {
            ParquetOracles.AssertRowsEqual(oracle[path], ParquetTestFiles.ReadAllRows(path), Path.GetFileName(path));
        }
    }

    public void Dispose() => Directory.Delete(this.directory, recursive: true);
}
