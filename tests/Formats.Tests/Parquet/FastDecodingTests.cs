using Tessera.Formats.Parquet;
using Tessera.Formats.Parquet.Encodings;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Reading;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;
using Tessera.Formats.Parquet.Writing;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>
/// The decoders' fast paths (word-at-a-time unpacking, levels straight into <c>short</c>, dictionary
/// gathers checked once per page) against a bit-by-bit reading of the format, at every width and
/// at the end of the buffer, where the fast path must hand over to the careful one.
/// </summary>
public sealed class FastDecodingTests
{
    public static TheoryData<int> Widths => [.. Enumerable.Range(1, 32)];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Bit_packed_runs_decode_as_the_format_defines_them(int width)
    {
        var random = new Random(width);
        foreach (int count in new[] { 1, 7, 8, 9, 63, 64, 1000, 1003 })
        {
            int groups = (count + 7) / 8;
            var packed = new byte[groups * width];
            random.NextBytes(packed);
            // A bit-packed run: header (groups << 1) | 1 as a varint, then the packed bytes.
            var source = new List<byte>();
            for (uint header = (uint)(groups << 1) | 1; ; header >>= 7)
            {
                source.Add((byte)(header < 0x80 ? header : (header & 0x7F) | 0x80));
                if (header < 0x80)
                    break;
            }
            source.AddRange(packed);
            var expected = Enumerable.Range(0, count).Select(i => ReadBits(packed, (long)i * width, width)).ToArray();

            var ints = new int[count];
            RleBitPackedDecoder.Decode(source.ToArray(), width, ints.AsSpan(), "test");
            Assert.Equal(expected.Select(v => (int)v), ints);
            if (width <= 16)
            {
                var shorts = new short[count];
                RleBitPackedDecoder.Decode(source.ToArray(), width, shorts.AsSpan(), "test");
                Assert.Equal(expected.Select(v => unchecked((short)v)), shorts);
            }
        }
    }

    [Fact]
    public void Short_and_long_repeated_runs_fill_exactly_their_values()
    {
        // RLE runs of 1, 15, 33 and 200 values of width 2, then one more value of 1.
        byte[] source = [1 << 1, 3, 15 << 1, 2, 33 << 1, 1, 0x90, 0x03, 0, 1 << 1, 1];
        var levels = new short[1 + 15 + 33 + 200 + 1];
        RleBitPackedDecoder.Decode(source, 2, levels.AsSpan(), "test");
        short[] expected = [3, .. Enumerable.Repeat((short)2, 15), .. Enumerable.Repeat((short)1, 33), .. Enumerable.Repeat((short)0, 200), 1];
        Assert.Equal(expected, levels);
    }

    [Fact]
    public void A_level_above_the_maximum_is_refused()
    {
        // One RLE run of 5 values of level 3 where the column allows at most 2.
        byte[] source = [5 << 1, 3];
        var ex = Assert.Throws<ParquetFormatException>(() => LevelDecoding.DecodeRle(source, 2, new short[5], "definition levels"));
        Assert.Contains("exceeds the column's maximum 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PhysicalType.Float, 4)]
    [InlineData(PhysicalType.Double, 8)]
    [InlineData(PhysicalType.Int32, 4)]
    [InlineData(PhysicalType.Int64, 8)]
    public void Dictionary_lookups_gather_every_index_and_refuse_one_outside(PhysicalType type, int size)
    {
        var schema = new ParquetSchema([SchemaField.Primitive("v", type, Repetition.Required)]);
        var column = schema.Columns[0];
        const int entries = 37;
        // Entry e holds e + 1, in PLAIN (little-endian) form.
        var plain = Enumerable.Range(1, entries).SelectMany(v => type switch
        {
            PhysicalType.Float => BitConverter.GetBytes((float)v),
            PhysicalType.Double => BitConverter.GetBytes((double)v),
            PhysicalType.Int32 => BitConverter.GetBytes(v),
            _ => BitConverter.GetBytes((long)v),
        }).ToArray();
        Assert.Equal(entries * size, plain.Length);
        var dictionary = Dictionary.Decode(column, plain, entries);
        var indices = Enumerable.Range(0, 1003).Select(i => (i * 7919) % entries).ToArray();

        var buffer = new ColumnBuffer(column, 16, new DecodeBudget(1 << 20), "test", keepIndices: true);
        buffer.AppendLevels(indices.Length);
        dictionary.Lookup(indices, buffer);
        var values = buffer.ToColumnData();
        var read = Enumerable.Range(0, indices.Length).Select(i => Convert.ToInt64(values.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(indices.Select(i => (long)i + 1), read);
        // Kept for the dictionary codec (the importer hands them over).
        Assert.Equal(indices.Select(i => (ushort)i), values.DictionaryIndices!.Take(indices.Length));
        Assert.Same(dictionary.FixedValues, values.DictionaryValues);

        indices[1001] = entries;
        var ex = Assert.Throws<ParquetFormatException>(() => dictionary.Lookup(indices, new ColumnBuffer(column, 16, new DecodeBudget(1 << 20), "test")));
        Assert.Contains($"Dictionary index {entries} is outside", ex.Message, StringComparison.Ordinal);
        indices[1001] = -5;
        Assert.Throws<ParquetFormatException>(() => dictionary.Lookup(indices, new ColumnBuffer(column, 16, new DecodeBudget(1 << 20), "test")));
    }

    [Fact]
    public void Dictionary_indices_are_kept_only_while_every_value_of_the_chunk_came_through_the_dictionary()
    {
        var column = new ParquetSchema([SchemaField.Primitive("v", PhysicalType.Float, Repetition.Required)]).Columns[0];
        var dictionary = Dictionary.Decode(column, [.. Enumerable.Range(0, 300).SelectMany(v => BitConverter.GetBytes(v * 0.5f))], 300);
        var indices = Enumerable.Range(0, 700).Select(i => (i * 31) % 300).ToArray();
        ColumnData Read(params string[] pages) => ReadKeeping(true, pages);
        ColumnData ReadKeeping(bool keep, params string[] pages)
        {
            // Grown from 16 slots, page by page, as a chunk's arrays are.
            var buffer = new ColumnBuffer(column, 16, new DecodeBudget(1 << 24), "test", keepIndices: keep);
            foreach (var page in pages)
            {
                buffer.AppendLevels(indices.Length);
                if (page == "dictionary")
                    dictionary.Lookup(indices, buffer);
                else
                    buffer.AppendValues<float>(indices.Length).Fill(1.5f);
            }
            return buffer.ToColumnData();
        }

        var kept = Read("dictionary", "dictionary", "dictionary");
        Assert.Equal(Enumerable.Repeat(indices, 3).SelectMany(i => i).Select(i => (ushort)i), kept.DictionaryIndices!.Take(3 * indices.Length));
        Assert.Equal(kept.Span<float>().ToArray(), kept.DictionaryIndices!.Take(kept.ValueCount).Select(i => ((float[])kept.DictionaryValues!)[i]));
        // A PLAIN page after the dictionary's (a writer's fallback), or before them: nothing kept.
        Assert.Null(Read("dictionary", "plain").DictionaryIndices);
        Assert.Null(Read("plain", "dictionary").DictionaryIndices);
        Assert.Null(Read("dictionary", "plain", "dictionary").DictionaryValues);
        // Only a reader asked to keeps them (the importer): others do not pay 2 bytes per value.
        Assert.Null(ReadKeeping(false, "dictionary", "dictionary").DictionaryIndices);
    }

    /// <summary>The format's definition: values packed least-significant bit first.</summary>
    private static uint ReadBits(byte[] data, long bit, int width)
    {
        uint value = 0;
        for (int b = 0; b < width; b++, bit++)
            value |= (uint)((data[bit >> 3] >> (int)(bit & 7)) & 1) << b;
        return value;
    }
    [Fact]
    public void Arrays_handed_back_to_the_reader_are_decoded_into_again_without_their_old_values()
    {
        // Row group 0: 1,000 lists of three floats; row group 1: ten shorter lists, some null. The
        // second decodes into the first's arrays (longer, full of its values) and must read exactly
        // as a reader that never had them.
        var schema = new ParquetSchema([SchemaField.List("v", SchemaField.Primitive("element", PhysicalType.Float, Repetition.Required), Repetition.Optional)]);
        var column = schema.Columns[0];
        string path = Path.Combine(Path.GetTempPath(), $"recycle-{Guid.NewGuid():N}.parquet");
        try
        {
            using (var writer = ParquetWriter.Create(path, schema, new ParquetWriterOptions { Codec = CompressionCodec.Uncompressed }))
            {
                writer.WriteRowGroup([ColumnShredder.Shred(column, Enumerable.Range(0, 1_000).Select(r => (object?)new object?[] { r * 1f, r + 0.5f, -r * 1f }))]);
                writer.WriteRowGroup([ColumnShredder.Shred(column, Enumerable.Range(0, 10).Select(r => r % 3 == 0 ? null : (object?)new object?[] { 7f * r, 8f * r }))]);
            }
            ColumnData expected;
            using (var fresh = ParquetReader.Open(path))
                expected = fresh.ReadColumn(1, 0);
            using var reader = ParquetReader.Open(path);
            var first = reader.ReadColumn(0, 0);
            var (values, definitions) = (first.Values, first.DefinitionLevelArray);
            reader.Recycle(first);
            var second = reader.ReadColumn(1, 0);
            Assert.Same(values, second.Values);
            Assert.Same(definitions, second.DefinitionLevelArray);
            Assert.Equal(expected.Span<float>().ToArray(), second.Span<float>().ToArray());
            Assert.Equal(expected.DefinitionLevels.ToArray(), second.DefinitionLevels.ToArray());
            Assert.Equal(expected.RepetitionLevels.ToArray(), second.RepetitionLevels.ToArray());
            Assert.Equal(RecordAssembler.Assemble(schema, [expected]).Select(r => r[0]), RecordAssembler.Assemble(schema, [second]).Select(r => r[0]));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
