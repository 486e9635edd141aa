using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera;

/// <summary>JSON written the same way every time (object keys sorted), so equal attributes hash equal.</summary>
internal static class CanonicalJson
{
    public static string Serialize(JsonNode? node)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
            Write(w, node);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    public static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject obj:
                w.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    Write(w, value);
                }
                w.WriteEndObject();
                break;
            case JsonArray arr:
                w.WriteStartArray();
                foreach (var item in arr)
                    Write(w, item);
                w.WriteEndArray();
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }

    /// <summary>Parses a JSON object, refusing anything else with a clear message.</summary>
    public static JsonObject ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new InvalidInputException(ErrorCode.InvalidArgument, "Attributes must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"Not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Parses any JSON value (an attribute's value).</summary>
    public static JsonNode? ParseValue(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"'{json}' is not valid JSON ({ex.Message}). Quote strings: '\"text\"'.");
        }
    }
}
