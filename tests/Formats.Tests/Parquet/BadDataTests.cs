using Tessera.Formats.Tests.TestSupport;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>The parquet-testing bad_data reproducers are refused with a clear message, never a crash or hang.</summary>
public class BadDataTests
{
    /// <summary>Each file and a word its refusal must contain, so the message names the actual problem.</summary>
    public static TheoryData<string, string> Files => new()
    {
        { "ARROW-GH-41317.parquet", "metadata declares" },
        { "ARROW-GH-41321.parquet", "definition levels" },
        { "ARROW-GH-45185.parquet", "repetition level" },
        { "ARROW-GH-47662.parquet", "fewer than 100 values" },
        { "ARROW-RS-GH-6229-DICTHEADER.parquet", "metadata declares" },
        { "ARROW-RS-GH-6229-LEVELS.parquet", "more than the 1 left" },
        { "PARQUET-1481.parquet", "physical type" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Bad_file_is_refused_clearly(string name, string mentions)
    {
        string? refusal = ReadGuard.ReadOrRefuse(Path.Combine(ParquetTestFiles.BadDataDirectory, name), TimeSpan.FromSeconds(20), name);
        Assert.NotNull(refusal);
        Assert.Contains(mentions, refusal, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A dictionary index page with RLE bit width 0 is valid (a one-entry dictionary): it reads like DuckDB.</summary>
    [Fact]
    public void Zero_bit_width_dictionary_indices_read_like_DuckDB()
    {
        string path = Path.Combine(ParquetTestFiles.BadDataDirectory, ValidFile);
        Assert.Null(ReadGuard.ReadOrRefuse(path, TimeSpan.FromSeconds(20), ValidFile));
        var oracle = ParquetOracles.ReadWithDuckDb([path]);
        ParquetOracles.AssertRowsEqual(oracle[path], ParquetTestFiles.ReadAllRows(path), ValidFile);
    }

    private const string ValidFile = "ARROW-GH-43605.parquet";

    [Fact]
    public void Every_bad_data_file_is_listed()
    {
        var listed = Files.Select(row => (string?)row[0]).Append(ValidFile).ToHashSet();
        var present = Directory.EnumerateFiles(ParquetTestFiles.BadDataDirectory, "*.parquet").Select(Path.GetFileName);
        Assert.All(present, name => Assert.Contains(name, listed));
    }
}
