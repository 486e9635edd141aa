using Tessera.Formats.Parquet.Encodings;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Reading;

/// <summary>The values of a dictionary page, and lookups of data-page indices into them.</summary>
internal sealed class Dictionary
{
    private readonly Array? fixedValues;
    private readonly BinaryValues? binary;

    private Dictionary(Array? fixedValues, BinaryValues? binary, int count)
    {
        this.fixedValues = fixedValues;
        this.binary = binary;
        Count = count;
    }

    public int Count { get; }

    public static Dictionary Decode(ColumnDescriptor column, ReadOnlySpan<byte> data, int count)
    {
        switch (column.PhysicalType)
        {
            case PhysicalType.ByteArray:
                var binary = new BinaryValues(count, data.Length);
                PlainDecoder.DecodeByteArrays(data, count, binary);
                return new Dictionary(null, binary, count);
            case PhysicalType.FixedLenByteArray:
                var fixedBinary = new BinaryValues(count, data.Length);
                PlainDecoder.DecodeFixedLengthByteArrays(data, count, column.TypeLength, fixedBinary);
                return new Dictionary(null, fixedBinary, count);
            default:
                var array = ColumnBuffer.NewArray(column.PhysicalType, count);
                ValueDecoding.DecodePlainFixed(column.PhysicalType, data, array, 0, count);
                return new Dictionary(array, null, count);
        }
    }

    /// <summary>Appends the dictionary entries named by <paramref name="indices"/> to the buffer.</summary>
    public void Lookup(ReadOnlySpan<int> indices, ColumnBuffer buffer)
    {
        foreach (int index in indices)
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ParquetFormatException($"Dictionary index {index} is outside the dictionary of {Count} entries.");
            }
        }
        switch (this.fixedValues)
        {
            case int[] ints: Gather(ints, indices, buffer.AppendValues<int>(indices.Length)); break;
            case long[] longs: Gather(longs, indices, buffer.AppendValues<long>(indices.Length)); break;
            case float[] floats: Gather(floats, indices, buffer.AppendValues<float>(indices.Length)); break;
            case double[] doubles: Gather(doubles, indices, buffer.AppendValues<double>(indices.Length)); break;
            case Int96[] int96s: Gather(int96s, indices, buffer.AppendValues<Int96>(indices.Length)); break;
            case bool[] bools: Gather(bools, indices, buffer.AppendValues<bool>(indices.Length)); break;
            default:
                var output = buffer.Binary!;
                long bytes = 4L * indices.Length;
                foreach (int index in indices)
                {
                    bytes += this.binary![index].Length;
                }
                buffer.ChargeBinary(bytes);
                foreach (int index in indices)
                {
                    output.Add(this.binary![index]);
                }
                buffer.SyncBinaryCount();
                break;
        }
    }

    private static void Gather<T>(T[] dictionary, ReadOnlySpan<int> indices, Span<T> output)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            output[i] = dictionary[indices[i]];
        }
    }
}
