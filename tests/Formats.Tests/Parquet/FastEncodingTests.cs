using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>
/// The writer's fast paths (a dictionary keyed by value bits in a growing table, vector min/max)
/// keep the exact semantics of the format: one entry per bit pattern in first-seen order, no
/// dictionary past its byte limit, statistics that skip NaN and order -0 below +0.
/// </summary>
public sealed class FastEncodingTests
{
    [Fact]
    public void The_dictionary_keeps_every_bit_pattern_once_in_first_seen_order()
    {
        float otherNaN = BitConverter.Int32BitsToSingle(0x7FC00001);
        // 5,000 distinct values make the table grow several times while indices are handed out.
        float[] values = [0.0f, -0.0f, float.NaN, otherNaN, 1.5f, -0.0f, float.NaN, .. Enumerable.Range(0, 5000).Select(i => i * 0.25f), 1.5f, otherNaN];
        var dictionary = DictionaryBuilder.TryBuild(Column(values, PhysicalType.Float), 0, values.Length, 1 << 20)!;

        var entries = (float[])dictionary.Values;
        var expected = new List<int>();
        foreach (float v in values)
        {
            int bits = BitConverter.SingleToInt32Bits(v);
            if (!expected.Contains(bits))
                expected.Add(bits);
        }
        Assert.Equal(expected, entries.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), dictionary.Indices.ToArray().Select(i => BitConverter.SingleToInt32Bits(entries[i])));
        Assert.Equal(expected.Count * 4, dictionary.PlainBytes);
    }

    [Fact]
    public void No_dictionary_is_built_past_its_byte_limit()
    {
        var values = Enumerable.Range(0, 3000).Select(i => (long)i * 7).ToArray();
        Assert.NotNull(DictionaryBuilder.TryBuild(Column(values, PhysicalType.Int64), 0, values.Length, 3000 * 8));
        Assert.Null(DictionaryBuilder.TryBuild(Column(values, PhysicalType.Int64), 0, values.Length, (3000 * 8) - 1));
    }

    [Fact]
    public void A_dictionary_of_mostly_distinct_values_is_given_up_early_and_a_repetitive_one_kept()
    {
        // Within the 1 MB limit either way: 40,000 distinct of the first 65,536 is over half, 10,000 is not.
        var distinct = Enumerable.Range(0, 100_000).Select(i => (long)i).ToArray();
        Assert.Null(DictionaryBuilder.TryBuild(Column(distinct, PhysicalType.Int64), 0, distinct.Length, 1 << 20));
        var names = new BinaryValues();
        for (int i = 0; i < 100_000; i++)
            names.Add(System.Text.Encoding.UTF8.GetBytes($"n{i}"));
        var text = new ParquetSchema([SchemaField.Primitive("s", PhysicalType.ByteArray, Repetition.Required)]).Columns[0];
        Assert.Null(DictionaryBuilder.TryBuild(new ColumnData(text, names, names.Count), 0, names.Count, 1 << 20));
        var repeating = Enumerable.Range(0, 100_000).Select(i => (float)(i % 10_000)).ToArray();
        var kept = DictionaryBuilder.TryBuild(Column(repeating, PhysicalType.Float), 0, repeating.Length, 1 << 20);
        Assert.NotNull(kept);
        Assert.Equal(10_000, kept.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Statistics_skip_NaN_and_order_negative_zero_first(bool withNaN)
    {
        double[] values = withNaN ? [double.NaN, 0.0, -0.0, 3.5, double.NaN, -2.25] : [0.0, -0.0, 3.5, -2.25];
        var stats = StatisticsBuilder.Build(Column(values, PhysicalType.Double), 0, values.Length, 0);
        Assert.Equal(-2.25, BitConverter.ToDouble(stats.Min));
        Assert.Equal(3.5, BitConverter.ToDouble(stats.Max));

        double[] zeros = withNaN ? [double.NaN, 0.0, -0.0] : [0.0, -0.0];
        stats = StatisticsBuilder.Build(Column(zeros, PhysicalType.Double), 0, zeros.Length, 0);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.ToInt64(stats.Min));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.ToInt64(stats.Max));
    }

    [Fact]
    public void A_column_of_only_NaN_has_no_min_or_max()
    {
        float[] values = [float.NaN, float.NaN];
        var stats = StatisticsBuilder.Build(Column(values, PhysicalType.Float), 0, values.Length, 0);
        Assert.Null(stats.Min);
        Assert.Null(stats.Max);
    }

    private static ColumnData Column(Array values, PhysicalType type)
    {
        var schema = new ParquetSchema([SchemaField.Primitive("v", type, Repetition.Required)]);
        return new ColumnData(schema.Columns[0], values, values.Length, null, null);
    }
}
