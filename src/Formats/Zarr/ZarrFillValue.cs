using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Formats.Zarr;

/// <summary>
/// Zarr v3 fill values as JSON: true/false, integers, floats as numbers or "NaN", "Infinity",
/// "-Infinity" or a "0x…" bit pattern, complex numbers as [re, im]. Tessera holds one double.
/// </summary>
internal static class ZarrFillValue
{
    public static double Parse(JsonNode? node, DType dtype, string file)
    {
        if (node is null)
            throw ZarrErrors.BadMetadata(file, "fill_value is missing or null.");
        if (dtype is DType.Complex64 or DType.Complex128)
        {
            if (node is not JsonArray { Count: 2 } pair)
                throw ZarrErrors.BadMetadata(file, $"the fill_value of a {dtype.Name()} array is [real, imaginary], not {node.ToJsonString()}.");
            if (ParseFloat(pair[1], dtype, file) != 0)
                throw ZarrErrors.Unsupported(file, $"the fill_value {node.ToJsonString()} has an imaginary part; Tessera's complex fill values are real.");
            return ParseFloat(pair[0], dtype, file);
        }
        if (dtype == DType.Bool)
        {
            return node.GetValueKind() switch
            {
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => throw ZarrErrors.BadMetadata(file, $"the fill_value of a bool array is true or false, not {node.ToJsonString()}."),
            };
        }
        if (dtype is DType.Float16 or DType.Float32 or DType.Float64)
            return ParseFloat(node, dtype, file);
        return ParseInteger(node, dtype, file);
    }

    public static JsonNode Format(double fill, DType dtype) => dtype switch
    {
        DType.Bool => JsonValue.Create(fill != 0),
        DType.Complex64 or DType.Complex128 => new JsonArray(FormatFloat(fill), JsonValue.Create(0.0)),
        DType.Float16 or DType.Float32 or DType.Float64 => FormatFloat(fill),
        DType.UInt64 => JsonValue.Create((ulong)fill),
        _ => JsonValue.Create((long)fill),
    };

    private static JsonNode FormatFloat(double fill) =>
        double.IsNaN(fill) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(fill) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(fill) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(fill);

    private static double ParseFloat(JsonNode? node, DType dtype, string file)
    {
        if (node?.GetValueKind() == JsonValueKind.Number)
            return node.GetValue<double>();
        string text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : "";
        return text switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ when text.StartsWith("0x", StringComparison.Ordinal) => FromBits(text, dtype, file),
            _ => throw ZarrErrors.BadMetadata(file, $"the fill_value {node?.ToJsonString() ?? "null"} is not a number, \"NaN\", \"Infinity\", \"-Infinity\" or \"0x…\" bits."),
        };
    }

    /// <summary>A float given by its IEEE bits, e.g. "0x7fc00000" for a float32 NaN.</summary>
    private static double FromBits(string text, DType dtype, string file)
    {
        if (!ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong bits))
            throw ZarrErrors.BadMetadata(file, $"the fill_value \"{text}\" is not a hexadecimal bit pattern.");
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, bits);
        return (dtype.ItemSize() / (dtype is DType.Complex64 or DType.Complex128 ? 2 : 1)) switch
        {
            2 => (double)BitConverter.UInt16BitsToHalf((ushort)bits),
            4 => BitConverter.UInt32BitsToSingle((uint)bits),
            _ => BitConverter.UInt64BitsToDouble(bits),
        };
    }

    private static double ParseInteger(JsonNode node, DType dtype, string file)
    {
        if (node.GetValueKind() != JsonValueKind.Number || !decimal.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value))
            throw ZarrErrors.BadMetadata(file, $"the fill_value of a {dtype.Name()} array is an integer, not {node.ToJsonString()}.");
        double fill = (double)value;
        if ((decimal)fill != value)
            throw ZarrErrors.Unsupported(file, $"the fill_value {value} is not exactly representable; Tessera keeps fill values as doubles (up to 2^53).");
        return fill;
    }
}
