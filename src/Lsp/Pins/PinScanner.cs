using System.Text.RegularExpressions;
using Tessera.Pins;

namespace Tessera.Lsp.Pins;

/// <summary>
/// Finds <c>TensorDataset</c> items in MSBuild project files with the position of every metadata
/// value, as attributes or as child elements (as MSBuild allows). A tolerant scanner, not an XML
/// parser: the editor asks for completion while the file is half typed and not well-formed.
/// </summary>
public static partial class PinScanner
{
    public static bool IsProjectFile(string path) =>
        path.EndsWith("proj", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".props", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".targets", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<PinSite> Scan(string text)
    {
        var lines = new TextLines(text);
        var pins = new List<PinSite>();
        foreach (Match element in ElementPattern().Matches(text))
        {
            var values = new Dictionary<string, PinValue>(StringComparer.OrdinalIgnoreCase);
            var attributes = element.Groups["attributes"];
            foreach (Match attribute in AttributePattern().Matches(attributes.Value))
                Add(values, attribute.Groups["name"].Value, attribute.Groups["value"], attributes.Index, lines);
            var children = element.Groups["children"];
            foreach (Match child in ChildPattern().Matches(children.Value))
                Add(values, child.Groups["name"].Value, child.Groups["value"], children.Index, lines);
            var name = element.Groups["name"];
            var columns = values.GetValueOrDefault("Columns");
            pins.Add(new PinSite(
                lines.RangeOf(element.Index, element.Index + element.Length),
                lines.RangeOf(name.Index, name.Index + name.Length),
                values)
            {
                ColumnEntries = columns is null ? [] : SplitColumns(columns, lines),
            });
        }
        return pins;
    }

    private static void Add(Dictionary<string, PinValue> values, string name, Group value, int baseOffset, TextLines lines)
    {
        int start = baseOffset + value.Index;
        if (PinSite.MetadataNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            values.TryAdd(name, new PinValue(value.Value, lines.RangeOf(start, start + value.Length), start));
    }

    private static List<PinColumn> SplitColumns(PinValue columns, TextLines lines)
    {
        var entries = new List<PinColumn>();
        int offset = 0;
        foreach (var part in columns.Text.Split([';', ',']))
        {
            string trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                int start = columns.Start + offset + part.IndexOf(trimmed, StringComparison.Ordinal);
                entries.Add(new PinColumn(trimmed, lines.RangeOf(start, start + trimmed.Length)));
            }
            offset += part.Length + 1;
        }
        return entries;
    }

    // An opening tag up to '>' (or to the end of the text while it is typed), then, unless it
    // closes itself, its child elements up to the closing tag.
    [GeneratedRegex("<(?<name>" + ProjectPins.ItemName + ")\\b(?<attributes>[^<>]*?)(?:/>|>(?<children>(?:(?!</" + ProjectPins.ItemName + ">)[\\s\\S])*)(?:</" + ProjectPins.ItemName + ">)|>|(?=<)|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ElementPattern();

    // Values run to the closing quote, or to the end of the line when it is not typed yet.
    [GeneratedRegex("(?<name>[A-Za-z_][\\w.-]*)\\s*=\\s*\"(?<value>[^\"\\r\\n]*)\"?", RegexOptions.CultureInvariant)]
    private static partial Regex AttributePattern();

    [GeneratedRegex("<(?<name>[A-Za-z_][\\w.-]*)\\s*>(?<value>[^<]*)</\\k<name>\\s*>", RegexOptions.CultureInvariant)]
    private static partial Regex ChildPattern();
}
