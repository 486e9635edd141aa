using System.Buffers;
using Tessera.Formats.Parquet.Encodings;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>Encodes a range of values for a data or dictionary page.</summary>
internal static class ValueEncoding
{
    public static void WritePlain(object values, int start, int count, IBufferWriter<byte> output)
    {
        switch (values)
        {
            case bool[] bools: PlainEncoder.EncodeBooleans(bools.AsSpan(start, count), output); break;
            case int[] ints: PlainEncoder.EncodeFixed<int>(ints.AsSpan(start, count), output); break;
            case long[] longs: PlainEncoder.EncodeFixed<long>(longs.AsSpan(start, count), output); break;
            case float[] floats: PlainEncoder.EncodeFixed<float>(floats.AsSpan(start, count), output); break;
            case double[] doubles: PlainEncoder.EncodeFixed<double>(doubles.AsSpan(start, count), output); break;
            case Int96[] int96s: PlainEncoder.EncodeInt96(int96s.AsSpan(start, count), output); break;
            case BinaryValues binary: PlainEncoder.EncodeBinary(binary, start, count, fixedLength: false, output); break;
            default: throw new ArgumentException($"Unsupported value storage {values.GetType().Name}.", nameof(values));
        }
    }

    /// <summary>PLAIN for FIXED_LEN_BYTE_ARRAY: values without length prefixes.</summary>
    public static void WritePlain(object values, PhysicalType type, int start, int count, IBufferWriter<byte> output)
    {
        if (type == PhysicalType.FixedLenByteArray)
        {
            PlainEncoder.EncodeBinary((BinaryValues)values, start, count, fixedLength: true, output);
            return;
        }
        WritePlain(values, start, count, output);
    }

    public static void WriteDeltaBinaryPacked(object values, int start, int count, IBufferWriter<byte> output)
    {
        if (values is long[] longs)
        {
            DeltaBinaryPackedEncoder.Encode(longs.AsSpan(start, count), output);
            return;
        }
        var ints = (int[])values;
        var widened = new long[count];
        for (int i = 0; i < count; i++)
        {
            widened[i] = ints[start + i];
        }
        DeltaBinaryPackedEncoder.Encode(widened, output);
    }

    /// <summary>RLE_DICTIONARY data: one byte of index bit width, then the RLE hybrid indices.</summary>
    public static void WriteDictionaryIndices(ReadOnlySpan<int> indices, int dictionaryCount, IBufferWriter<byte> output)
    {
        int bitWidth = BitPacking.BitWidth((ulong)Math.Max(dictionaryCount - 1, 0));
        output.GetSpan(1)[0] = (byte)bitWidth;
        output.Advance(1);
        RleBitPackedEncoder.Encode(indices, bitWidth, output);
    }

    /// <summary>Levels as RLE hybrid, without a length prefix.</summary>
    public static void WriteLevels(ReadOnlySpan<short> levels, int maxLevel, IBufferWriter<byte> output) =>
        RleBitPackedEncoder.Encode(levels, BitPacking.BitWidth((ulong)maxLevel), output);
}
