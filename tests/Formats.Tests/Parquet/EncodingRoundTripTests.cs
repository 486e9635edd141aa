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
