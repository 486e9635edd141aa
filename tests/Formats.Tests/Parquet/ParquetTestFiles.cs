using Tessera.Formats.Parquet.Reading;
using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>Locates the shared parquet-testing corpus and reads whole files into rows.</summary>
internal static class ParquetTestFiles
{
    public static string DataDirectory => RepoRoot.Combine("../shared/reference/parquet-testing/data");
    public static string BadDataDirectory => RepoRoot.Combine("../shared/reference/parquet-testing/bad_data");

    public static IEnumerable<string> DataFiles() =>
        Directory.EnumerateFiles(DataDirectory, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    /// <summary>All rows of all row groups.</summary>
    public static List<object?[]> ReadAllRows(string path, ParquetReaderOptions? options = null)
    {
        using var reader = ParquetReader.Open(path, options);
        var rows = new List<object?[]>();
        for (int g = 0; g < reader.RowGroups.Count; g++)
        {
            rows.AddRange(reader.ReadRows(g));
        }
        return rows;
    }
}
