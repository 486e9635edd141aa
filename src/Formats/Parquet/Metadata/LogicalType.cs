namespace Tessera.Formats.Parquet.Metadata;

/// <summary>Kinds of the LogicalType union; <see cref="Unsupported"/> stands for ids this codec does not know.</summary>
public enum LogicalTypeKind
{
    String = 1,
    Map = 2,
    List = 3,
    Enum = 4,
    Decimal = 5,
    Date = 6,
    Time = 7,
    Timestamp = 8,
    Integer = 10,
    Unknown = 11,
    Json = 12,
    Bson = 13,
    Uuid = 14,
    Float16 = 15,
    Variant = 16,
    Geometry = 17,
    Geography = 18,
    Unsupported = 1000,
}

/// <summary>
/// A logical type annotation. Only the properties relevant to <see cref="Kind"/> are meaningful:
/// Decimal uses Scale/Precision, Time/Timestamp use Unit/IsAdjustedToUtc, Integer uses BitWidth/IsSigned.
/// </summary>
public sealed record LogicalType(LogicalTypeKind Kind)
{
    public int Scale { get; init; }
    public int Precision { get; init; }
    public TimeUnit Unit { get; init; }
    public bool IsAdjustedToUtc { get; init; }
    public int BitWidth { get; init; }
    public bool IsSigned { get; init; } = true;

    public static LogicalType String { get; } = new(LogicalTypeKind.String);
    public static LogicalType List { get; } = new(LogicalTypeKind.List);
    public static LogicalType Map { get; } = new(LogicalTypeKind.Map);
    public static LogicalType Date { get; } = new(LogicalTypeKind.Date);
    public static LogicalType Uuid { get; } = new(LogicalTypeKind.Uuid);
    public static LogicalType Float16 { get; } = new(LogicalTypeKind.Float16);
    public static LogicalType Json { get; } = new(LogicalTypeKind.Json);

    public static LogicalType Decimal(int precision, int scale) => new(LogicalTypeKind.Decimal) { Precision = precision, Scale = scale };

    public static LogicalType Integer(int bitWidth, bool isSigned) => new(LogicalTypeKind.Integer) { BitWidth = bitWidth, IsSigned = isSigned };

    public static LogicalType Timestamp(TimeUnit unit, bool isAdjustedToUtc) => new(LogicalTypeKind.Timestamp) { Unit = unit, IsAdjustedToUtc = isAdjustedToUtc };

    public static LogicalType Time(TimeUnit unit, bool isAdjustedToUtc) => new(LogicalTypeKind.Time) { Unit = unit, IsAdjustedToUtc = isAdjustedToUtc };
}
