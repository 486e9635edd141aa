using System.Text.Json.Nodes;

namespace Tessera.Formats.Tests.TestSupport;

/// <summary>Runs the DuckDB and hyparquet reader scripts on a batch of files (one node process per batch).</summary>
public static class ParquetOracles
{
    public static Dictionary<string, JsonObject> ReadWithDuckDb(IEnumerable<string> files) => Read("duckdb-read.mjs", files);

    public static Dictionary<string, JsonObject> ReadWithHyparquet(IEnumerable<string> files) => Read("hyparquet-read.mjs", files);

    private static Dictionary<string, JsonObject> Read(string script, IEnumerable<string> files)
    {
        var output = JsonNode.Parse(NodeOracle.Run(script, [.. files]))!.AsObject();
        return output.ToDictionary(p => p.Key, p => p.Value!.AsObject());
    }

    /// <summary>Asserts that Tessera's rows equal the oracle's rows, value by value.</summary>
    public static void AssertRowsEqual(JsonObject oracle, IReadOnlyList<object?[]> rows, string what)
    {
        Assert.False(oracle.ContainsKey("error"), $"{what}: the oracle failed: {oracle["error"]}");
        var expected = oracle["rows"]!.AsArray();
        Assert.True(expected.Count == rows.Count, $"{what}: oracle has {expected.Count} rows, Tessera {rows.Count}");
        for (int r = 0; r < rows.Count; r++)
        {
            var expectedRow = expected[r]!.AsArray();
            Assert.True(expectedRow.Count == rows[r].Length, $"{what}: row {r} has {expectedRow.Count} columns in the oracle, {rows[r].Length} in Tessera");
            for (int c = 0; c < expectedRow.Count; c++)
            {
                OracleComparer.AssertEqual(expectedRow[c], rows[r][c], $"{what} row {r} column {oracle["columns"]![c]}");
            }
        }
    }
}
