using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using PureHDF;

namespace Tessera.Formats.Hdf5;

/// <summary>
/// HDF5 attributes ↔ Tessera's JSON attributes. Numbers, bools and strings (fixed or variable length) become JSON
/// values, arrays of them nested JSON arrays (one level per dimension). Written back: strings, bools, numbers
/// (integers as int64, others as float64) and rectangular arrays of numbers or strings as such; any other JSON value
/// (objects, null, mixed arrays) as a string holding its JSON text.
/// </summary>
internal static class Hdf5Attributes
{
    public static JsonObject Read(IH5Object node, string what)
    {
        var attributes = new JsonObject();
        foreach (var attribute in node.Attributes())
            attributes[attribute.Name] = ToJson(attribute, $"Attribute '{attribute.Name}' of {what}");
        return attributes;
    }

    public static void Write(JsonObject attributes, IDictionary<string, object> target)
    {
        foreach (var (name, value) in attributes)
            target[name] = ToAttribute(value);
    }

    private static JsonNode? ToJson(IH5Attribute attribute, string what)
    {
        var type = Hdf5Type.Of(attribute.Type, what);
        var dims = attribute.Space.Type == H5DataspaceType.Scalar ? [] : attribute.Space.Dimensions;
        var source = new AttributeSource(attribute);
        List<JsonNode?> values = type.Kind switch
        {
            Hdf5ValueKind.Numeric => Elements(Hdf5Reading.Numbers(source, type.DType!.Value), type.DType.Value, what),
            _ when dims.Length == 0 => [JsonValue.Create(attribute.Read<string>())],
            _ => [.. attribute.Read<string[]>().Select(s => (JsonNode?)JsonValue.Create(s))],
        };
        int next = 0;
        return Nest(values, dims, 0, ref next);
    }

    private static JsonNode? Nest(List<JsonNode?> values, ulong[] dims, int axis, ref int next)
    {
        if (axis == dims.Length)
            return values[next++];
        var array = new JsonArray();
        for (ulong i = 0; i < dims[axis]; i++)
            array.Add(Nest(values, dims, axis + 1, ref next));
        return array;
    }

    private static List<JsonNode?> Elements(byte[] bytes, DType dtype, string what)
    {
        var values = new List<JsonNode?>();
        for (int i = 0; i < bytes.Length; i += dtype.ItemSize())
        {
            var item = bytes.AsSpan(i, dtype.ItemSize());
            values.Add(dtype switch
            {
                DType.Bool => JsonValue.Create(item[0] != 0),
                DType.Int8 => JsonValue.Create((sbyte)item[0]),
                DType.UInt8 => JsonValue.Create(item[0]),
                DType.Int16 => JsonValue.Create(MemoryMarshal.Read<short>(item)),
                DType.UInt16 => JsonValue.Create(MemoryMarshal.Read<ushort>(item)),
                DType.Int32 => JsonValue.Create(MemoryMarshal.Read<int>(item)),
                DType.UInt32 => JsonValue.Create(MemoryMarshal.Read<uint>(item)),
                DType.Int64 => JsonValue.Create(MemoryMarshal.Read<long>(item)),
                DType.UInt64 => JsonValue.Create(MemoryMarshal.Read<ulong>(item)),
                _ => Finite(dtype switch
                {
                    DType.Float16 => (double)MemoryMarshal.Read<Half>(item),
                    DType.Float32 => MemoryMarshal.Read<float>(item),
                    _ => MemoryMarshal.Read<double>(item),
                }, what),
            });
        }
        return values;
    }

    private static JsonValue Finite(double value, string what) => double.IsFinite(value)
        ? JsonValue.Create(value)
        : throw new Mapping.InvalidFileException($"{what} holds {value}, which a JSON attribute cannot hold. Store it as a string, or leave the attribute out; nothing was imported.");

    private static object ToAttribute(JsonNode? value)
    {
        switch (value)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>();
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return v.GetValue<bool>();
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                return Integer(v) is { } integer ? integer : v.GetValue<double>();
            case JsonArray array when Rectangular(array) is { } dims:
                var leaves = Leaves(array).ToList();
                if (leaves.All(l => l is JsonValue s && s.GetValueKind() == JsonValueKind.String) && dims.Length == 1)
                    return leaves.Select(l => l!.GetValue<string>()).ToArray();
                if (leaves.Count > 0 && leaves.All(l => l is JsonValue n && n.GetValueKind() == JsonValueKind.Number))
                {
                    return leaves.All(l => Integer(l!.AsValue()) is not null)
                        ? new H5Attribute(leaves.Select(l => Integer(l!.AsValue())!.Value).ToArray(), dims)
                        : new H5Attribute(leaves.Select(l => l!.GetValue<double>()).ToArray(), dims);
                }
                return array.ToJsonString();
            default:
                return value?.ToJsonString() ?? "null";
        }
    }

    /// <summary>The number as an int64 when it is written as one (no fraction or exponent, in range).</summary>
    private static long? Integer(JsonValue number) =>
        long.TryParse(number.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The dimensions of nested arrays that are rectangular all the way down; null otherwise.</summary>
    private static ulong[]? Rectangular(JsonArray array)
    {
        if (array.Count == 0)
            return null;
        if (array.All(e => e is not JsonArray))
            return [(ulong)array.Count];
        if (!array.All(e => e is JsonArray))
            return null;
        var inner = array.Select(e => Rectangular((JsonArray)e!)).ToList();
        return inner.All(d => d is not null && d.SequenceEqual(inner[0]!)) ? [(ulong)array.Count, .. inner[0]!] : null;
    }

    private static IEnumerable<JsonNode?> Leaves(JsonArray array) => array.SelectMany(e => e is JsonArray inner ? Leaves(inner) : [e]);
}
