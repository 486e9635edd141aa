using System.Buffers;
using Tessera.Formats.Parquet;
using Tessera.Formats.Parquet.Encodings;

namespace Tessera.Formats.Tests.Parquet;

/// <summary>Encoders and decoders of the hybrid RLE, delta and PLAIN encodings invert each other on awkward inputs.</summary>
public class EncodingRoundTripTests
{
    public static TheoryData<int> BitWidths => new() { 0, 1, 2, 3, 7, 8, 13, 20, 31 };

    [Theory]
    [MemberData(nameof(BitWidths))]
    public void Rle_hybrid_round_trips(int bitWidth)
    {
        var random = new Random(bitWidth);
        int max = bitWidth == 0 ? 0 : (int)((1L << bitWidth) - 1);
        var values = new int[5000];
        for (int i = 0; i < values.Length;)
        {
            int run = random.Next(2) == 0 ? 1 : random.Next(1, 40);
            int value = (int)random.NextInt64(max + 1L);
            for (int k = 0; k < run && i < values.Length; k++, i++)
            {
                values[i] = random.Next(3) == 0 ? (int)random.NextInt64(max + 1L) : value;
            }
        }
        var encoded = new ArrayBufferWriter<byte>();
        RleBitPackedEncoder.Encode(values, bitWidth, encoded);
        var decoded = new int[values.Length];
        int consumed = RleBitPackedDecoder.Decode(encoded.WrittenSpan, bitWidth, decoded, "test");
        Assert.Equal(values, decoded);
        Assert.Equal(encoded.WrittenCount, consumed);
    }

    /// <summary>
    /// Runs of equal values (some of two to fourteen, most longer) among values that do not repeat
    /// become RLE runs exactly where the hybrid's rule says, wherever they start, for indices (int)
    /// and levels (short).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Runs_among_distinct_values_become_RLE_runs_wherever_they_start(int seed)
    {
        var random = new Random(seed);
        var values = new List<int>();
        while (values.Count < 20_000)
        {
            for (int k = random.Next(0, 70); k > 0; k--)
                values.Add(values.Count % 2 == 0 ? 1 + (values.Count % 1000) : 2000 + (values.Count % 1000));
            int run = random.Next(random.Next(2) == 0 ? 2 : 15, 40);
            values.AddRange(Enumerable.Repeat(3000 + random.Next(50), run));
            values.Add(4000);
        }
        var ints = values.ToArray();
        var shorts = values.Select(v => (short)v).ToArray();

        foreach (var (encoded, decoded) in new[] { Encode<int>(ints), Encode<short>(shorts) })
        {
            Assert.Equal(ints, decoded);
            Assert.Equal(ExpectedRleValues(ints), RleValues(encoded, 12));
        }
    }

    /// <summary>
    /// The values in RLE runs by the hybrid's rule, value by value: a run of eight or more equal values
    /// is an RLE run after lending the bit-packed values before it enough to fill a group of eight,
    /// if eight or more are left.
    /// </summary>
    private static long ExpectedRleValues(int[] values)
    {
        long rle = 0;
        for (int i = 0, literalStart = 0; i < values.Length;)
        {
            int run = 1;
            while (i + run < values.Length && values[i + run] == values[i])
                run++;
            int lent = (8 - ((i - literalStart) % 8)) % 8;
            if (run - lent >= 8)
            {
                rle += run - lent;
                literalStart = i + run;
            }
            i += run;
        }
        return rle;
    }

    private static (byte[] Encoded, int[] Decoded) Encode<T>(T[] values)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var encoded = new ArrayBufferWriter<byte>();
        RleBitPackedEncoder.Encode<T>(values, 12, encoded);
        var decoded = new int[values.Length];
        RleBitPackedDecoder.Decode(encoded.WrittenSpan, 12, decoded, "test");
        return (encoded.WrittenSpan.ToArray(), decoded);
    }

    /// <summary>How many values the hybrid's RLE runs hold (its headers read as the format defines them).</summary>
    private static long RleValues(byte[] encoded, int bitWidth)
    {
        long values = 0;
        for (int at = 0; at < encoded.Length;)
        {
            ulong header = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = encoded[at++];
                header |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    break;
            }
            if ((header & 1) == 1)
            {
                at += (int)(header >> 1) * bitWidth;
            }
            else
            {
                values += (long)(header >> 1);
                at += (bitWidth + 7) / 8;
            }
        }
        return values;
    }

    [Fact]
    public void Delta_binary_packed_round_trips_extremes()
    {
        long[][] cases =
        [
            [],
            [42],
            [long.MinValue, long.MaxValue, 0, -1, long.MaxValue, long.MinValue],
            Enumerable.Range(0, 1000).Select(i => (long)i * i - 5000).ToArray(),
            Enumerable.Range(0, 777).Select(i => (long)new Random(i).Next() << (i % 33)).ToArray(),
        ];
        foreach (var values in cases)
        {
            var encoded = new ArrayBufferWriter<byte>();
            DeltaBinaryPackedEncoder.Encode(values, encoded);
            var decoded = new long[values.Length];
            int consumed = DeltaBinaryPackedDecoder.Decode(encoded.WrittenSpan, decoded);
            Assert.Equal(values, decoded);
            Assert.Equal(encoded.WrittenCount, consumed);
        }
    }

    [Fact]
    public void Plain_round_trips_fixed_width_and_booleans()
    {
        double[] doubles = [0.0, -0.0, double.NaN, double.Epsilon, double.MaxValue, -1.5];
        var encoded = new ArrayBufferWriter<byte>();
        PlainEncoder.EncodeFixed<double>(doubles, encoded);
        var decoded = new double[doubles.Length];
        PlainDecoder.DecodeFixed<double>(encoded.WrittenSpan, decoded);
        Assert.Equal(doubles.Select(BitConverter.DoubleToInt64Bits), decoded.Select(BitConverter.DoubleToInt64Bits));

        bool[] bools = Enumerable.Range(0, 77).Select(i => i % 3 == 0).ToArray();
        var packed = new ArrayBufferWriter<byte>();
        PlainEncoder.EncodeBooleans(bools, packed);
        var unpacked = new bool[bools.Length];
        PlainDecoder.DecodeBooleans(packed.WrittenSpan, unpacked);
        Assert.Equal(bools, unpacked);
    }

    [Fact]
    public void Truncated_encodings_raise_ParquetFormatException()
    {
        var encoded = new ArrayBufferWriter<byte>();
        DeltaBinaryPackedEncoder.Encode(Enumerable.Range(0, 300).Select(i => (long)i * 977).ToArray(), encoded);
        byte[] bytes = encoded.WrittenSpan.ToArray();
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Throws<ParquetFormatException>(() => DeltaBinaryPackedDecoder.Decode(bytes.AsSpan(0, cut), new long[300]));
        }
        Assert.Throws<ParquetFormatException>(() => RleBitPackedDecoder.Decode([0x03], 8, new int[16], "test"));
    }
}
