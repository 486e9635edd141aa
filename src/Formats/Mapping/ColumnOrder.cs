using System.Text.Json.Nodes;

namespace Tessera.Formats.Mapping;

/// <summary>
/// The order of a group's columns as imported, kept in the group's <c>columnOrder</c> attribute
/// (node order is by name), so that an export writes the columns in the file's order.
/// </summary>
internal static class ColumnOrder
{
    public const string AttributeKey = "columnOrder";

    /// <summary>Adds the columns an import wrote that the group's order does not list yet, at its end.</summary>
    public static void Append(WriteCheckout writer, string group, IReadOnlyList<string> columns)
    {
        var order = Read(writer.Attributes(group));
        var added = columns.Where(c => !order.Contains(c)).ToList();
        if (added.Count > 0)
            writer.SetAttribute(group, AttributeKey, new JsonArray([.. order.Concat(added).Select(c => (JsonNode)c)]));
    }

    /// <summary><paramref name="columns"/> in the group's import order; columns it does not list follow, by name.</summary>
    public static List<string> Sort(JsonObject groupAttributes, IEnumerable<string> columns)
    {
        var order = Read(groupAttributes);
        return [.. columns.OrderBy(c => order.IndexOf(c) is var i and >= 0 ? i : int.MaxValue).ThenBy(c => c, StringComparer.Ordinal)];
    }

    private static List<string> Read(JsonObject attributes) =>
        attributes[AttributeKey] is JsonArray names ? [.. names.Select(n => n is JsonValue v && v.TryGetValue(out string? s) ? s : null).OfType<string>()] : [];
}
