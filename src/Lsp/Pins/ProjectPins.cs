using System.Text.RegularExpressions;

namespace Tessera.Lsp.Pins;

/// <summary>
/// Finds <c>TensorDataset</c> items in MSBuild project files. A tolerant scanner rather than an
/// XML parser: the editor asks for completion while the file is half typed and not well-formed.
/// </summary>
public static partial class ProjectPins
{
    public const string ItemName = "TensorDataset";

    public static bool IsProjectFile(string path) =>
        path.EndsWith("proj", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".props", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".targets", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<PinSite> Parse(string text)
    {
        var lines = new TextLines(text);
        var pins = new List<PinSite>();
        foreach (Match element in ElementPattern().Matches(text))
        {
            var attributes = new Dictionary<string, PinValue>(StringComparer.OrdinalIgnoreCase);
            var body = element.Groups["body"];
            foreach (Match attribute in AttributePattern().Matches(body.Value))
            {
                var value = attribute.Groups["value"];
                int start = body.Index + value.Index;
                attributes.TryAdd(attribute.Groups["name"].Value, new PinValue(value.Value, lines.RangeOf(start, start + value.Length), start));
            }
            var name = element.Groups["name"];
            var columns = attributes.GetValueOrDefault("Columns");
            pins.Add(new PinSite(
                lines.RangeOf(element.Index, element.Index + element.Length),
                lines.RangeOf(name.Index, name.Index + name.Length),
                attributes.GetValueOrDefault("Include"),
                attributes.GetValueOrDefault("Commit"),
                attributes.GetValueOrDefault("Branch"),
                columns)
            {
                ColumnEntries = columns is null ? [] : SplitColumns(columns, lines),
            });
        }
        return pins;
    }

    private static List<PinColumn> SplitColumns(PinValue columns, TextLines lines)
    {
        var entries = new List<PinColumn>();
        int offset = 0;
        foreach (var part in columns.Text.Split(';'))
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

    // An opening tag up to '>' (or to the end of the text while it is being typed); values up to
    // the closing quote, or to the end of the line when the quote is not typed yet.
    [GeneratedRegex("<(?<name>TensorDataset)\\b(?<body>[^<>]*)>?", RegexOptions.CultureInvariant)]
    private static partial Regex ElementPattern();

    [GeneratedRegex("(?<name>[A-Za-z_][\\w.-]*)\\s*=\\s*\"(?<value>[^\"\\r\\n]*)\"?", RegexOptions.CultureInvariant)]
    private static partial Regex AttributePattern();
}
