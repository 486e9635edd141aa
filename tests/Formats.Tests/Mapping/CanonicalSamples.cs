using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Tests.Mapping;

/// <summary>
/// A sample in the canonical JSON of tests/oracles/canonical.mjs, so it can be compared with what
/// DuckDB or hyparquet read: integers "123", floats "f:&lt;double bits&gt;" or "f:NaN", booleans,
/// "s:text", "b:hex", arrays as nested lists.
/// </summary>
public static class CanonicalSamples
{
    public static JsonNode ToJson(Sample sample) => sample.Kind switch
    {
        ColumnKind.Str => JsonValue.Create("s:" + sample.AsString()),
        ColumnKind.Bytes => JsonValue.Create("b:" + Convert.ToHexStringLower(sample.Bytes.Span)),
        _ => Nest(Elements(sample), sample.Shape, 0, 0),
    };

    /// <summary>Compares a repository column with an oracle's column of rows; null means the key is absent.</summary>
    public static void AssertColumn(ColumnReader column, IReadOnlyList<SampleKey> keys, IReadOnlyList<JsonNode?> expected, string what)
    {
        for (int r = 0; r < keys.Count; r++)
        {
            if (expected[r] is null)
            {
                Assert.False(column.Contains(keys[r]), $"{what}: key {keys[r]} should be absent (null in the oracle)");
                continue;
            }
            var actual = ToJson(column.Get(keys[r]));
            Assert.True(JsonNode.DeepEquals(expected[r], actual), $"{what} key {keys[r]}: oracle {expected[r]!.ToJsonString()}, Tessera {actual.ToJsonString()}");
        }
    }

    private static JsonNode Nest(List<JsonNode> elements, IReadOnlyList<int> shape, int dimension, int offset)
    {
        if (dimension == shape.Count)
            return elements[offset].DeepClone();
        int stride = shape.Skip(dimension + 1).Aggregate(1, (a, b) => a * b);
        var array = new JsonArray();
        for (int i = 0; i < shape[dimension]; i++)
            array.Add(Nest(elements, shape, dimension + 1, offset + (i * stride)));
        return array;
    }

    private static List<JsonNode> Elements(Sample sample) => sample.DType switch
    {
        DType.Bool => [.. sample.ToArray<bool>().Select(v => (JsonNode)JsonValue.Create(v))],
        DType.Int8 => Integers(sample.ToArray<sbyte>()),
        DType.Int16 => Integers(sample.ToArray<short>()),
        DType.Int32 => Integers(sample.ToArray<int>()),
        DType.Int64 => Integers(sample.ToArray<long>()),
        DType.UInt8 => Integers(sample.ToArray<byte>()),
        DType.UInt16 => Integers(sample.ToArray<ushort>()),
        DType.UInt32 => Integers(sample.ToArray<uint>()),
        DType.UInt64 => Integers(sample.ToArray<ulong>()),
        DType.Float32 => Floats(sample.ToArray<float>().Select(v => (double)v)),
        DType.Float64 => Floats(sample.ToArray<double>()),
        _ => throw new InvalidOperationException($"No canonical form for {sample.DType}."),
    };

    private static List<JsonNode> Integers<T>(IEnumerable<T> values) where T : IBinaryInteger<T> =>
        [.. values.Select(v => (JsonNode)JsonValue.Create(v.ToString(null, CultureInfo.InvariantCulture)))];

    private static List<JsonNode> Floats(IEnumerable<double> values) =>
        [.. values.Select(v => (JsonNode)JsonValue.Create("f:" + (double.IsNaN(v) ? "NaN" : BitConverter.DoubleToUInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture))))];
}
