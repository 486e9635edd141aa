using System.Numerics.Tensors;
using System.Runtime.Intrinsics.X86;
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

    /// <summary>The entries of a dictionary of fixed-width values (an <c>int[]</c>, <c>float[]</c>, …); null for binary ones.</summary>
    public Array? FixedValues => this.fixedValues;

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
        if (indices.Length > 0)
        {
            // Checked once for all, so that the gathers below need no check per value.
            int lowest = TensorPrimitives.Min<int>(indices), highest = TensorPrimitives.Max<int>(indices);
            if (lowest < 0 || highest >= Count)
            {
                throw new ParquetFormatException($"Dictionary index {(lowest < 0 ? lowest : highest)} is outside the dictionary of {Count} entries.");
            }
        }
        switch (this.fixedValues)
        {
            case int[] ints: Gather(ints, indices, buffer.AppendValues<int>(indices.Length)); buffer.KeepIndices(indices, this); break;
            case long[] longs: Gather(longs, indices, buffer.AppendValues<long>(indices.Length)); buffer.KeepIndices(indices, this); break;
            case float[] floats: Gather(floats, indices, buffer.AppendValues<float>(indices.Length)); buffer.KeepIndices(indices, this); break;
            case double[] doubles: Gather(doubles, indices, buffer.AppendValues<double>(indices.Length)); buffer.KeepIndices(indices, this); break;
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

    /// <summary>Copies the entries <paramref name="indices"/> names; the caller checked every index against the dictionary.</summary>
    private static unsafe void Gather<T>(T[] dictionary, ReadOnlySpan<int> indices, Span<T> output)
        where T : unmanaged
    {
        output = output[..indices.Length];
        int i = 0;
        fixed (T* entries = dictionary)
        fixed (int* index = indices)
        fixed (T* target = output)
        {
            // The hardware gathers 8 four-byte or 4 eight-byte entries per instruction.
            if (Avx2.IsSupported && sizeof(T) == 4)
            {
                for (; i <= indices.Length - 8; i += 8)
                {
                    Avx.Store((int*)target + i, Avx2.GatherVector256((int*)entries, Avx.LoadVector256(index + i), 4));
                }
            }
            else if (Avx2.IsSupported && sizeof(T) == 8)
            {
                for (; i <= indices.Length - 4; i += 4)
                {
                    Avx.Store((long*)target + i, Avx2.GatherVector256((long*)entries, Sse2.LoadVector128(index + i), 8));
                }
            }
            for (; i < indices.Length; i++)
            {
                target[i] = entries[index[i]];
            }
        }
    }
}
