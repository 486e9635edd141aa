using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Schema;

/// <summary>Maps between legacy converted types and logical types, so readers only consult logical types.</summary>
internal static class LogicalTypes
{
    /// <summary>The element's logical type, or the one its converted type implies.</summary>
    public static LogicalType? Resolve(SchemaElement element)
    {
        if (element.LogicalType is { } logical)
        {
            return logical;
        }
        return element.ConvertedType switch
        {
            ConvertedType.Utf8 => LogicalType.String,
            ConvertedType.Map or ConvertedType.MapKeyValue => LogicalType.Map,
            ConvertedType.List => LogicalType.List,
            ConvertedType.Enum => new LogicalType(LogicalTypeKind.Enum),
            ConvertedType.Decimal => LogicalType.Decimal(element.Precision ?? 0, element.Scale ?? 0),
            ConvertedType.Date => LogicalType.Date,
            ConvertedType.TimeMillis => LogicalType.Time(TimeUnit.Millis, true),
            ConvertedType.TimeMicros => LogicalType.Time(TimeUnit.Micros, true),
            ConvertedType.TimestampMillis => LogicalType.Timestamp(TimeUnit.Millis, true),
            ConvertedType.TimestampMicros => LogicalType.Timestamp(TimeUnit.Micros, true),
            ConvertedType.UInt8 => LogicalType.Integer(8, false),
            ConvertedType.UInt16 => LogicalType.Integer(16, false),
            ConvertedType.UInt32 => LogicalType.Integer(32, false),
            ConvertedType.UInt64 => LogicalType.Integer(64, false),
            ConvertedType.Int8 => LogicalType.Integer(8, true),
            ConvertedType.Int16 => LogicalType.Integer(16, true),
            ConvertedType.Int32 => LogicalType.Integer(32, true),
            ConvertedType.Int64 => LogicalType.Integer(64, true),
            ConvertedType.Json => LogicalType.Json,
            ConvertedType.Bson => new LogicalType(LogicalTypeKind.Bson),
            _ => null,
        };
    }

    /// <summary>The legacy converted type written beside a logical type for older readers, if one exists.</summary>
    public static ConvertedType? ToConvertedType(LogicalType? logical) => logical?.Kind switch
    {
        LogicalTypeKind.String => ConvertedType.Utf8,
        LogicalTypeKind.Map => ConvertedType.Map,
        LogicalTypeKind.List => ConvertedType.List,
        LogicalTypeKind.Enum => ConvertedType.Enum,
        LogicalTypeKind.Decimal => ConvertedType.Decimal,
        LogicalTypeKind.Date => ConvertedType.Date,
        LogicalTypeKind.Json => ConvertedType.Json,
        LogicalTypeKind.Bson => ConvertedType.Bson,
        LogicalTypeKind.Time when logical.IsAdjustedToUtc && logical.Unit == TimeUnit.Millis => ConvertedType.TimeMillis,
        LogicalTypeKind.Time when logical.IsAdjustedToUtc && logical.Unit == TimeUnit.Micros => ConvertedType.TimeMicros,
        LogicalTypeKind.Timestamp when logical.IsAdjustedToUtc && logical.Unit == TimeUnit.Millis => ConvertedType.TimestampMillis,
        LogicalTypeKind.Timestamp when logical.IsAdjustedToUtc && logical.Unit == TimeUnit.Micros => ConvertedType.TimestampMicros,
        LogicalTypeKind.Integer => (logical.BitWidth, logical.IsSigned) switch
        {
            (8, true) => ConvertedType.Int8,
            (16, true) => ConvertedType.Int16,
            (32, true) => ConvertedType.Int32,
            (64, true) => ConvertedType.Int64,
            (8, false) => ConvertedType.UInt8,
            (16, false) => ConvertedType.UInt16,
            (32, false) => ConvertedType.UInt32,
            (64, false) => ConvertedType.UInt64,
            _ => null,
        },
        _ => null,
    };
}
