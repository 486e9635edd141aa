using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tessera.Formats.Parquet.Encodings;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Parquet.Reading;

/// <summary>Decodes the values section of a data page, whatever its encoding, into a column buffer.</summary>
internal static class ValueDecoding
{
    public static void Decode(ParquetEncoding encoding, ColumnDescriptor column, ReadOnlySpan<byte> data, int count,
        Dictionary? dictionary, ColumnBuffer buffer)
    {
        var type = column.PhysicalType;
        switch (encoding)
        {
            case ParquetEncoding.Plain:
                DecodePlain(column, data, count, buffer);
                break;
            case ParquetEncoding.PlainDictionary or ParquetEncoding.RleDictionary:
                DecodeDictionaryIndices(column, data, count, dictionary, buffer);
                break;
            case ParquetEncoding.Rle when type == PhysicalType.Boolean:
                DecodeRleBooleans(data, count, buffer);
                break;
            case ParquetEncoding.DeltaBinaryPacked when type is PhysicalType.Int32 or PhysicalType.Int64:
                DecodeDeltaIntegers(type, data, count, buffer);
                break;
            case ParquetEncoding.DeltaLengthByteArray when type == PhysicalType.ByteArray:
                DeltaByteArrayDecoders.DecodeLengthPrefixed(data, count, buffer.Binary!);
                buffer.SyncBinaryCount();
                break;
            case ParquetEncoding.DeltaByteArray when type is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray:
                int before = buffer.Binary!.Count;
                DeltaByteArrayDecoders.DecodeIncremental(data, count, buffer.Binary);
                buffer.SyncBinaryCount();
                CheckFixedWidths(column, buffer.Binary, before);
                break;
            case ParquetEncoding.ByteStreamSplit:
                DecodeByteStreamSplit(column, data, count, buffer);
                break;
            default:
                throw new ParquetFormatException($"Encoding {encoding} is not supported for {type} column {column}.");
        }
    }

    /// <summary>PLAIN-decodes fixed-width values into <paramref name="destination"/>[start..start+count].</summary>
    public static int DecodePlainFixed(PhysicalType type, ReadOnlySpan<byte> data, Array destination, int start, int count) => type switch
    {
        PhysicalType.Boolean => PlainDecoder.DecodeBooleans(data, ((bool[])destination).AsSpan(start, count)),
        PhysicalType.Int32 => PlainDecoder.DecodeFixed(data, ((int[])destination).AsSpan(start, count)),
        PhysicalType.Int64 => PlainDecoder.DecodeFixed(data, ((long[])destination).AsSpan(start, count)),
        PhysicalType.Float => PlainDecoder.DecodeFixed(data, ((float[])destination).AsSpan(start, count)),
        PhysicalType.Double => PlainDecoder.DecodeFixed(data, ((double[])destination).AsSpan(start, count)),
        PhysicalType.Int96 => PlainDecoder.DecodeInt96(data, ((Int96[])destination).AsSpan(start, count)),
        _ => throw new ParquetFormatException($"Physical type {type} is not fixed-width."),
    };

    private static void DecodePlain(ColumnDescriptor column, ReadOnlySpan<byte> data, int count, ColumnBuffer buffer)
    {
        switch (column.PhysicalType)
        {
            case PhysicalType.ByteArray:
                PlainDecoder.DecodeByteArrays(data, count, buffer.Binary!);
                buffer.SyncBinaryCount();
                break;
            case PhysicalType.FixedLenByteArray:
                PlainDecoder.DecodeFixedLengthByteArrays(data, count, column.TypeLength, buffer.Binary!);
                buffer.SyncBinaryCount();
                break;
            case PhysicalType.Boolean:
                PlainDecoder.DecodeBooleans(data, buffer.AppendValues<bool>(count));
                break;
            case PhysicalType.Int32:
                PlainDecoder.DecodeFixed(data, buffer.AppendValues<int>(count));
                break;
            case PhysicalType.Int64:
                PlainDecoder.DecodeFixed(data, buffer.AppendValues<long>(count));
                break;
            case PhysicalType.Float:
                PlainDecoder.DecodeFixed(data, buffer.AppendValues<float>(count));
                break;
            case PhysicalType.Double:
                PlainDecoder.DecodeFixed(data, buffer.AppendValues<double>(count));
                break;
            default:
                PlainDecoder.DecodeInt96(data, buffer.AppendValues<Int96>(count));
                break;
        }
    }

    private static void DecodeDictionaryIndices(ColumnDescriptor column, ReadOnlySpan<byte> data, int count, Dictionary? dictionary, ColumnBuffer buffer)
    {
        if (dictionary is null)
        {
            throw new ParquetFormatException($"Column {column} has dictionary-encoded values but no dictionary page.");
        }
        if (count == 0)
        {
            return;
        }
        if (data.IsEmpty)
        {
            throw new ParquetFormatException($"Column {column}: dictionary indices are missing their bit width.");
        }
        int[] indices = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var span = indices.AsSpan(0, count);
            RleBitPackedDecoder.Decode(data[1..], data[0], span, $"Column {column} dictionary indices");
            dictionary.Lookup(span, buffer);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }

    private static void DecodeRleBooleans(ReadOnlySpan<byte> data, int count, ColumnBuffer buffer)
    {
        if (data.Length < 4)
        {
            throw new ParquetFormatException("RLE boolean data lacks its length prefix.");
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (length < 0 || length > data.Length - 4)
        {
            throw new ParquetFormatException($"RLE boolean data declares {length} bytes, past the end of the page.");
        }
        int[] bits = ArrayPool<int>.Shared.Rent(count);
        try
        {
            RleBitPackedDecoder.Decode(data.Slice(4, length), 1, bits.AsSpan(0, count), "RLE booleans");
            var output = buffer.AppendValues<bool>(count);
            for (int i = 0; i < count; i++)
            {
                output[i] = bits[i] != 0;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(bits);
        }
    }

    private static void DecodeDeltaIntegers(PhysicalType type, ReadOnlySpan<byte> data, int count, ColumnBuffer buffer)
    {
        if (type == PhysicalType.Int64)
        {
            DeltaBinaryPackedDecoder.Decode(data, buffer.AppendValues<long>(count));
            return;
        }
        long[] wide = ArrayPool<long>.Shared.Rent(count);
        try
        {
            DeltaBinaryPackedDecoder.Decode(data, wide.AsSpan(0, count));
            var output = buffer.AppendValues<int>(count);
            for (int i = 0; i < count; i++)
            {
                output[i] = unchecked((int)wide[i]);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(wide);
        }
    }

    private static void DecodeByteStreamSplit(ColumnDescriptor column, ReadOnlySpan<byte> data, int count, ColumnBuffer buffer)
    {
        switch (column.PhysicalType)
        {
            case PhysicalType.Float:
                ByteStreamSplitDecoder.Decode(data, count, 4, MemoryMarshal.AsBytes(buffer.AppendValues<float>(count)));
                break;
            case PhysicalType.Double:
                ByteStreamSplitDecoder.Decode(data, count, 8, MemoryMarshal.AsBytes(buffer.AppendValues<double>(count)));
                break;
            case PhysicalType.Int32:
                ByteStreamSplitDecoder.Decode(data, count, 4, MemoryMarshal.AsBytes(buffer.AppendValues<int>(count)));
                break;
            case PhysicalType.Int64:
                ByteStreamSplitDecoder.Decode(data, count, 8, MemoryMarshal.AsBytes(buffer.AppendValues<long>(count)));
                break;
            case PhysicalType.FixedLenByteArray:
                int width = column.TypeLength;
                if ((long)count * width > data.Length)
                {
                    throw new ParquetFormatException($"BYTE_STREAM_SPLIT data of column {column} is truncated.");
                }
                var values = new byte[count * width];
                ByteStreamSplitDecoder.Decode(data, count, width, values);
                var binary = buffer.Binary!;
                binary.EnsureCapacity(count, values.Length);
                for (int i = 0; i < count; i++)
                {
                    binary.Add(values.AsSpan(i * width, width));
                }
                buffer.SyncBinaryCount();
                break;
            default:
                throw new ParquetFormatException($"BYTE_STREAM_SPLIT is not supported for {column.PhysicalType} column {column}.");
        }
    }

    private static void CheckFixedWidths(ColumnDescriptor column, BinaryValues values, int start)
    {
        if (column.PhysicalType != PhysicalType.FixedLenByteArray)
        {
            return;
        }
        for (int i = start; i < values.Count; i++)
        {
            if (values[i].Length != column.TypeLength)
            {
                throw new ParquetFormatException($"Column {column}: a value has {values[i].Length} bytes, not its fixed length {column.TypeLength}.");
            }
        }
    }
}
