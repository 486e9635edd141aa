using System.Runtime.InteropServices;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Mapping;

/// <summary>
/// Parquet leaf types and Tessera dtypes, both ways. Only types whose values Tessera keeps exactly
/// are mapped: DECIMAL, DATE, TIME, TIMESTAMP, INT96 and INTERVAL keep their stored integers or
/// bytes, with a <see cref="ParquetAnnotation"/> saying what they mean; UUIDs and the rest are refused by name.
/// </summary>
internal static class ParquetTypeMap
{
    /// <summary>The column kind and dtype a leaf's values become, or null with the reason it has none.</summary>
    public static (ColumnKind Kind, DType? DType)? ToTessera(SchemaField leaf, out string? reason)
    {
        reason = null;
        var logical = leaf.LogicalType;
        switch (leaf.PhysicalType)
        {
            case PhysicalType.Boolean when logical is null:
                return (ColumnKind.NDArray, DType.Bool);
            case PhysicalType.Int32 when logical is null || logical.Kind is LogicalTypeKind.Decimal or LogicalTypeKind.Date
                || logical.Kind == LogicalTypeKind.Time && logical.Unit == TimeUnit.Millis:
                return (ColumnKind.NDArray, DType.Int32);
            case PhysicalType.Int32 when logical.Kind == LogicalTypeKind.Integer && logical.BitWidth <= 32:
                return (ColumnKind.NDArray, (logical.BitWidth, logical.IsSigned) switch
                {
                    (8, true) => DType.Int8,
                    (16, true) => DType.Int16,
                    (32, true) => DType.Int32,
                    (8, false) => DType.UInt8,
                    (16, false) => DType.UInt16,
                    _ => DType.UInt32,
                });
            case PhysicalType.Int64 when logical is null || logical.Kind is LogicalTypeKind.Decimal or LogicalTypeKind.Timestamp
                || logical.Kind == LogicalTypeKind.Time && logical.Unit != TimeUnit.Millis:
                return (ColumnKind.NDArray, DType.Int64);
            case PhysicalType.Int96:
                return (ColumnKind.Bytes, null);
            case PhysicalType.ByteArray or PhysicalType.FixedLenByteArray when logical?.Kind == LogicalTypeKind.Decimal:
                return (ColumnKind.Bytes, null);
            case PhysicalType.FixedLenByteArray when logical is null && leaf.ConvertedType == ConvertedType.Interval && leaf.TypeLength == 12:
                return (ColumnKind.Bytes, null);
            case PhysicalType.Int64 when logical.Kind == LogicalTypeKind.Integer:
                return (ColumnKind.NDArray, logical.IsSigned ? DType.Int64 : DType.UInt64);
            case PhysicalType.Float when logical is null:
                return (ColumnKind.NDArray, DType.Float32);
            case PhysicalType.Double when logical is null:
                return (ColumnKind.NDArray, DType.Float64);
            case PhysicalType.FixedLenByteArray when logical?.Kind == LogicalTypeKind.Float16 && leaf.TypeLength == 2:
                return (ColumnKind.NDArray, DType.Float16);
            case PhysicalType.ByteArray or PhysicalType.FixedLenByteArray
                when logical?.Kind is LogicalTypeKind.String or LogicalTypeKind.Enum or LogicalTypeKind.Json:
                return (ColumnKind.Str, null);
            case PhysicalType.ByteArray or PhysicalType.FixedLenByteArray when logical is null && leaf.ConvertedType != ConvertedType.Interval:
                return (ColumnKind.Bytes, null);
            default:
                reason = logical is not null ? $"{logical.Kind.ToString().ToUpperInvariant()} values"
                    : leaf.ConvertedType is { } converted ? $"{converted.ToString().ToUpperInvariant()} values of {leaf.PhysicalType}"
                    : $"{leaf.PhysicalType} values";
                return null;
        }
    }

    /// <summary>
    /// The values of a str or bytes column as one buffer; INT96 values as their 12 stored bytes
    /// (nanoseconds of the day, then the Julian day, little-endian), so nothing is converted.
    /// </summary>
    public static BinaryValues Binary(ColumnData data)
    {
        if (data.Values is not Int96[])
            return data.Binary;
        var values = data.Span<Int96>();
        var binary = new BinaryValues(values.Length, values.Length * 12);
        foreach (var value in values)
            value.Write(binary.Reserve(12));
        return binary;
    }

    /// <summary>The non-null leaf values of a numeric column as an array of the dtype's CLR type.</summary>
    public static Array Values(ColumnData data, DType dtype)
    {
        int n = data.ValueCount;
        return dtype switch
        {
            DType.Bool or DType.Int32 or DType.Int64 or DType.Float32 or DType.Float64 => data.Values is Array a ? a : throw Unexpected(data),
            DType.Int8 => Narrow(data.Span<int>(), v => (sbyte)v),
            DType.Int16 => Narrow(data.Span<int>(), v => (short)v),
            DType.UInt8 => Narrow(data.Span<int>(), v => (byte)v),
            DType.UInt16 => Narrow(data.Span<int>(), v => (ushort)v),
            DType.UInt32 => MemoryMarshal.Cast<int, uint>(data.Span<int>()).ToArray(),
            DType.UInt64 => MemoryMarshal.Cast<long, ulong>(data.Span<long>()).ToArray(),
            DType.Float16 => MemoryMarshal.Cast<byte, Half>(data.Binary.Data[..(n * 2)]).ToArray(),
            _ => throw Unexpected(data),
        };
    }

    /// <summary>The Parquet leaf that holds a Tessera dtype (null for complex dtypes, which Parquet has no type for).</summary>
    public static SchemaField? FromTessera(string name, ColumnSchema schema, Repetition repetition) => schema.Kind switch
    {
        ColumnKind.Str => SchemaField.Primitive(name, PhysicalType.ByteArray, repetition, LogicalType.String),
        ColumnKind.Bytes => SchemaField.Primitive(name, PhysicalType.ByteArray, repetition),
        _ => schema.DType switch
        {
            DType.Bool => SchemaField.Primitive(name, PhysicalType.Boolean, repetition),
            DType.Int8 => SchemaField.Primitive(name, PhysicalType.Int32, repetition, LogicalType.Integer(8, true)),
            DType.Int16 => SchemaField.Primitive(name, PhysicalType.Int32, repetition, LogicalType.Integer(16, true)),
            DType.Int32 => SchemaField.Primitive(name, PhysicalType.Int32, repetition),
            DType.Int64 => SchemaField.Primitive(name, PhysicalType.Int64, repetition),
            DType.UInt8 => SchemaField.Primitive(name, PhysicalType.Int32, repetition, LogicalType.Integer(8, false)),
            DType.UInt16 => SchemaField.Primitive(name, PhysicalType.Int32, repetition, LogicalType.Integer(16, false)),
            DType.UInt32 => SchemaField.Primitive(name, PhysicalType.Int32, repetition, LogicalType.Integer(32, false)),
            DType.UInt64 => SchemaField.Primitive(name, PhysicalType.Int64, repetition, LogicalType.Integer(64, false)),
            DType.Float16 => SchemaField.Primitive(name, PhysicalType.FixedLenByteArray, repetition, LogicalType.Float16, typeLength: 2),
            DType.Float32 => SchemaField.Primitive(name, PhysicalType.Float, repetition),
            DType.Float64 => SchemaField.Primitive(name, PhysicalType.Double, repetition),
            _ => null,
        },
    };

    private static T[] Narrow<T>(ReadOnlySpan<int> source, Func<int, T> convert)
    {
        var result = new T[source.Length];
        for (int i = 0; i < source.Length; i++)
            result[i] = convert(source[i]);
        return result;
    }

    private static InvalidOperationException Unexpected(ColumnData data) =>
        new($"Column {data.Column} holds {data.Values.GetType().Name}, which does not match its mapped dtype.");
}
