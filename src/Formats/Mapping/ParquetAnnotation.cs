using System.Text.Json.Nodes;
using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;

namespace Tessera.Formats.Mapping;

/// <summary>
/// What a column's values mean in Parquet beyond their dtype — a DECIMAL's precision and scale, a
/// TIMESTAMP's unit, an INT96 or INTERVAL — and the column's name in the file when it is not a node
/// name. Kept in the column's <c>parquet</c> attribute, so that export writes the same Parquet type
/// and name back. The values themselves are never converted: they are the stored integers or bytes.
/// </summary>
internal sealed record ParquetAnnotation
{
    public const string AttributeKey = "parquet";

    /// <summary>DECIMAL, DATE, TIME, TIMESTAMP, INT96, INTERVAL or LIST (of strings, <see cref="ParquetStringList"/>); null when only <see cref="Name"/> is kept.</summary>
    public string? LogicalType { get; init; }

    public int? Precision { get; init; }

    public int? Scale { get; init; }

    /// <summary>MILLIS, MICROS or NANOS (TIME, TIMESTAMP).</summary>
    public string? Unit { get; init; }

    public bool? IsAdjustedToUtc { get; init; }

    /// <summary>FIXED_LEN_BYTE_ARRAY width of a DECIMAL; absent for a BYTE_ARRAY DECIMAL.</summary>
    public int? TypeLength { get; init; }

    /// <summary>The column's name in the file, when it differs from the node name (<c>--rename</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Whether a bytes column holds lists of strings, exported as a LIST of STRING.</summary>
    public bool IsStringList => this.LogicalType == ParquetStringList.LogicalType;

    /// <summary>The annotation a leaf's values need to keep their meaning, or null for plain numbers, strings and bytes.</summary>
    public static ParquetAnnotation? Of(SchemaField leaf)
    {
        var logical = leaf.LogicalType;
        if (leaf.PhysicalType == PhysicalType.Int96)
            return new() { LogicalType = "INT96" };
        if (leaf.PhysicalType == PhysicalType.FixedLenByteArray && leaf.ConvertedType == ConvertedType.Interval && logical is null)
            return new() { LogicalType = "INTERVAL" };
        return logical?.Kind switch
        {
            LogicalTypeKind.Decimal => new()
            {
                LogicalType = "DECIMAL",
                Precision = logical.Precision,
                Scale = logical.Scale,
                TypeLength = leaf.PhysicalType == PhysicalType.FixedLenByteArray ? leaf.TypeLength : null,
            },
            LogicalTypeKind.Date => new() { LogicalType = "DATE" },
            LogicalTypeKind.Time or LogicalTypeKind.Timestamp => new()
            {
                LogicalType = logical.Kind.ToString().ToUpperInvariant(),
                Unit = logical.Unit.ToString().ToUpperInvariant(),
                IsAdjustedToUtc = logical.IsAdjustedToUtc,
            },
            _ => null,
        };
    }

    /// <summary>The annotation kept in a column's attributes, or null.</summary>
    public static ParquetAnnotation? FromAttributes(string path, JsonObject attributes)
    {
        if (attributes[AttributeKey] is not JsonObject node)
            return null;
        try
        {
            return new()
            {
                LogicalType = (string?)node["logicalType"],
                Precision = (int?)node["precision"],
                Scale = (int?)node["scale"],
                Unit = (string?)node["unit"],
                IsAdjustedToUtc = (bool?)node["isAdjustedToUTC"],
                TypeLength = (int?)node["typeLength"],
                Name = (string?)node["name"],
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw BadAttribute(path, e.Message);
        }
    }

    public JsonObject ToJson()
    {
        var node = new JsonObject();
        Put(node, "logicalType", this.LogicalType);
        Put(node, "precision", this.Precision);
        Put(node, "scale", this.Scale);
        Put(node, "unit", this.Unit);
        Put(node, "isAdjustedToUTC", this.IsAdjustedToUtc);
        Put(node, "typeLength", this.TypeLength);
        Put(node, "name", this.Name);
        return node;
    }

    /// <summary>
    /// The Parquet leaf of an annotated column, or null when the annotation names no logical type.
    /// The annotation must fit the column's kind and dtype (it may have been edited with <c>attrs</c>).
    /// </summary>
    public SchemaField? Field(string path, string name, ColumnSchema schema, Repetition repetition)
    {
        if (this.LogicalType is null)
            return null;
        var dtype = schema.Kind == ColumnKind.NDArray ? schema.DType : null;
        bool bytes = schema.Kind == ColumnKind.Bytes;
        var unit = this.TimeUnit();
        var field = this.LogicalType switch
        {
            "DECIMAL" when dtype == DType.Int32 => SchemaField.Primitive(name, PhysicalType.Int32, repetition, this.Decimal()),
            "DECIMAL" when dtype == DType.Int64 => SchemaField.Primitive(name, PhysicalType.Int64, repetition, this.Decimal()),
            "DECIMAL" when bytes && this.TypeLength is > 0 => SchemaField.Primitive(name, PhysicalType.FixedLenByteArray, repetition, this.Decimal(), this.TypeLength.Value),
            "DECIMAL" when bytes => SchemaField.Primitive(name, PhysicalType.ByteArray, repetition, this.Decimal()),
            "DATE" when dtype == DType.Int32 => SchemaField.Primitive(name, PhysicalType.Int32, repetition, Parquet.Metadata.LogicalType.Date),
            "TIME" when unit is { } u && (dtype == DType.Int32 && u == Parquet.Metadata.TimeUnit.Millis || dtype == DType.Int64 && u != Parquet.Metadata.TimeUnit.Millis) =>
                SchemaField.Primitive(name, dtype == DType.Int32 ? PhysicalType.Int32 : PhysicalType.Int64, repetition,
                    Parquet.Metadata.LogicalType.Time(u, this.IsAdjustedToUtc ?? false)),
            "TIMESTAMP" when unit is { } u && dtype == DType.Int64 =>
                SchemaField.Primitive(name, PhysicalType.Int64, repetition, Parquet.Metadata.LogicalType.Timestamp(u, this.IsAdjustedToUtc ?? false)),
            "INT96" when bytes => SchemaField.Primitive(name, PhysicalType.Int96, repetition),
            "INTERVAL" when bytes => SchemaField.Primitive(name, PhysicalType.FixedLenByteArray, repetition, typeLength: 12, convertedType: ConvertedType.Interval),
            ParquetStringList.LogicalType when bytes => SchemaField.Primitive(name, PhysicalType.ByteArray, repetition, Parquet.Metadata.LogicalType.String),
            _ => null,
        };
        return field ?? throw BadAttribute(path, $"{this.LogicalType} does not fit a {schema} column");
    }

    /// <summary>The byte width every sample of a bytes column must have in the file, or null for any.</summary>
    public int? FixedWidth => this.LogicalType switch
    {
        "INT96" or "INTERVAL" => 12,
        "DECIMAL" => this.TypeLength,
        _ => null,
    };

    private LogicalType Decimal() => Parquet.Metadata.LogicalType.Decimal(this.Precision ?? 0, this.Scale ?? 0);

    private TimeUnit? TimeUnit() => this.Unit switch
    {
        "MILLIS" => Parquet.Metadata.TimeUnit.Millis,
        "MICROS" => Parquet.Metadata.TimeUnit.Micros,
        "NANOS" => Parquet.Metadata.TimeUnit.Nanos,
        _ => null,
    };

    private static void Put(JsonObject node, string key, JsonNode? value)
    {
        if (value is not null)
            node[key] = value;
    }

    private static InvalidInputException BadAttribute(string path, string problem) =>
        new InvalidInputException(ErrorCode.InvalidArgument, $"The '{AttributeKey}' attribute of {path} is not valid ({problem}). Fix the attribute, or remove it to export the column's plain values.").With(ErrorDetail.Path, path).With(ErrorDetail.Name, AttributeKey).With(ErrorDetail.Area, "attribute");
}
