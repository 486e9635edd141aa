using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Reading;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>
/// When the writer dictionary-encodes a column chunk of 4- or 8-byte values (a dictionary that
/// grows past its first table, values kept by their bits) and when it writes it PLAIN (more than
/// half of the first 65,536 values distinct, or past <see cref="ParquetWriterOptions.MaxDictionaryBytes"/>),
/// each read back exactly. DuckDB and hyparquet read dictionary pages in <see cref="WriterOracleTests"/>.
/// </summary>
public sealed class DictionaryChoiceTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tessera-dictionary-").FullName;

    [Fact]
    public void Floats_of_a_few_thousand_values_get_a_dictionary_that_keeps_every_bit_pattern()
    {
        var random = new Random(5);
        var palette = Enumerable.Range(0, 10_000).Select(i => i / 100f).ToArray();
        palette[1] = -0f;
        palette[2] = BitConverter.Int32BitsToSingle(0x7FC0_0001);   // a NaN with a payload
        palette[3] = float.NaN;
        var values = Enumerable.Range(0, 200_000).Select(_ => palette[random.Next(palette.Length)]).ToArray();

        var (encodings, back) = this.RoundTrip(PhysicalType.Float, values, new ParquetWriterOptions());

        Assert.Contains(ParquetEncoding.RleDictionary, encodings);
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), ((float[])back).Take(values.Length).Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Mostly_distinct_values_are_written_plain()
    {
        var values = Enumerable.Range(0, 100_000).Select(i => (long)i * 7919).ToArray();
        // Half of the first 65,536 values distinct, then repeats: still a dictionary.
        var halves = Enumerable.Range(0, 100_000).Select(i => (long)(i % 32_768)).ToArray();

        var (distinct, back) = this.RoundTrip(PhysicalType.Int64, values, new ParquetWriterOptions());
        var (repeated, backHalves) = this.RoundTrip(PhysicalType.Int64, halves, new ParquetWriterOptions());

        Assert.DoesNotContain(ParquetEncoding.RleDictionary, distinct);
        Assert.Equal(values, ((long[])back).Take(values.Length));
        Assert.Contains(ParquetEncoding.RleDictionary, repeated);
        Assert.Equal(halves, ((long[])backHalves).Take(halves.Length));
    }

    [Fact]
    public void A_dictionary_past_the_size_limit_is_given_up()
    {
        var options = new ParquetWriterOptions { MaxDictionaryBytes = 4096 };   // 1,024 int32 values
        var fits = Enumerable.Range(0, 50_000).Select(i => i % 1_024 * 3).ToArray();
        var over = Enumerable.Range(0, 50_000).Select(i => i % 1_025 * 3).ToArray();

        var (small, backFits) = this.RoundTrip(PhysicalType.Int32, fits, options);
        var (large, backOver) = this.RoundTrip(PhysicalType.Int32, over, options);

        Assert.Contains(ParquetEncoding.RleDictionary, small);
        Assert.Equal(fits, ((int[])backFits).Take(fits.Length));
        Assert.DoesNotContain(ParquetEncoding.RleDictionary, large);
        Assert.Equal(over, ((int[])backOver).Take(over.Length));
    }

    /// <summary>A chunk's min and max come from its dictionary when it has one: the same as from every value.</summary>
    [Fact]
    public void Statistics_from_the_dictionary_equal_those_of_every_value()
    {
        var random = new Random(9);
        float[] palette = [-0f, 0f, 3.5f, -2.25f, float.NaN, 1e30f, -1e-30f];
        var floats = Enumerable.Range(0, 20_000).Select(_ => palette[random.Next(palette.Length)]).ToArray();
        var longs = Enumerable.Range(0, 20_000).Select(_ => (long)random.Next(-500, 500) * 1_000_003).ToArray();
        var names = new BinaryValues();
        foreach (int i in Enumerable.Range(0, 20_000))
            names.Add(System.Text.Encoding.UTF8.GetBytes(i == 0 ? "a" : i == 19_999 ? "zz" : $"name-{random.Next(300)}"));
        // Each extreme first seen first or last: the dictionary's first and last entries.
        (floats[0], floats[^1]) = (-1e31f, 2e30f);
        (longs[0], longs[^1]) = (long.MinValue, long.MaxValue);

        foreach (var (type, values) in new (PhysicalType, object)[] { (PhysicalType.Float, floats), (PhysicalType.Int64, longs), (PhysicalType.ByteArray, names) })
        {
            var coded = this.Statistics(type, values, new ParquetWriterOptions());
            var plain = this.Statistics(type, values, new ParquetWriterOptions { UseDictionary = false });
            Assert.NotNull(coded.Min);
            Assert.Equal(plain.Min, coded.Min);
            Assert.Equal(plain.Max, coded.Max);
            Assert.Equal(plain.NullCount, coded.NullCount);
        }
    }

    private Statistics Statistics(PhysicalType type, object values, ParquetWriterOptions options)
    {
        string path = Path.Combine(this.directory, Guid.NewGuid().ToString("N") + ".parquet");
        var schema = new ParquetSchema([SchemaField.Primitive("v", type, Repetition.Required)]);
        int count = values is BinaryValues binary ? binary.Count : ((Array)values).Length;
        using (var writer = ParquetWriter.Create(path, schema, options))
            writer.WriteRowGroup([new ColumnData(schema.Columns[0], values, count)]);
        using var reader = ParquetReader.Open(path);
        var chunk = reader.RowGroups[0].Columns[0];
        Assert.Equal(options.UseDictionary, chunk.Encodings.Contains(ParquetEncoding.RleDictionary));
        return chunk.Statistics!;
    }

    /// <summary>Writes one required column of <paramref name="values"/> in one row group; its chunk's encodings and the values read back.</summary>
    private (IReadOnlyList<ParquetEncoding> Encodings, object Values) RoundTrip(PhysicalType type, Array values, ParquetWriterOptions options)
    {
        string path = Path.Combine(this.directory, Guid.NewGuid().ToString("N") + ".parquet");
        var schema = new ParquetSchema([SchemaField.Primitive("v", type, Repetition.Required)]);
        using (var writer = ParquetWriter.Create(path, schema, options))
            writer.WriteRowGroup([new ColumnData(schema.Columns[0], values, values.Length)]);
        using var reader = ParquetReader.Open(path);
        Assert.Single(reader.RowGroups);
        var data = reader.ReadColumn(0, 0);
        Assert.Equal(values.Length, data.ValueCount);
        return (reader.RowGroups[0].Columns[0].Encodings, data.Values);
    }

    public void Dispose() => Directory.Delete(this.directory, recursive: true);
}
