using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Tessera.Pins;

/// <summary>A pin as written in a project file, with where it is (1-based line and column) for diagnostics.</summary>
public sealed record ProjectPin(DatasetPin Pin, int Line, int Column);

/// <summary>
/// Reads and edits the <c>&lt;TensorDataset&gt;</c> items of an MSBuild project file as XML, keeping
/// its formatting. Metadata may be attributes or child elements, as MSBuild allows. Properties and
/// conditions are not evaluated: pins are expected to be literal, as <c>dotnet tensor pin</c> writes them.
/// </summary>
public static class ProjectPins
{
    public const string ItemName = "TensorDataset";

    /// <summary>The pins of a project file's text (for example a past revision from git).</summary>
    public static IReadOnlyList<ProjectPin> Parse(string projectXml) =>
        Items(Load(projectXml)).Select(e => new ProjectPin(ToPin(e), ((IXmlLineInfo)e).LineNumber, ((IXmlLineInfo)e).LinePosition)).ToList();

    public static IReadOnlyList<ProjectPin> Read(string projectPath) => Parse(File.ReadAllText(projectPath));

    /// <summary>Adds the pin, or updates the item of the same name: only the metadata given (non-null) changes.</summary>
    public static void Write(string projectPath, DatasetPin pin)
    {
        var text = File.ReadAllText(projectPath);
        var doc = Load(text);
        var item = Items(doc).FirstOrDefault(e => (string?)e.Attribute("Include") == pin.Name);
        if (item is null)
        {
            var ns = doc.Root!.Name.Namespace;
            item = new XElement(ns + ItemName, new XAttribute("Include", pin.Name));
            doc.Root.Add(new XText("  "), new XElement(ns + "ItemGroup", new XText("\n    "), item, new XText("\n  ")), new XText("\n"));
        }
        SetMetadata(item, "Repository", pin.Repository);
        SetMetadata(item, "Commit", pin.Commit);
        SetMetadata(item, "Branch", pin.Branch);
        if (pin.Columns.Count > 0)
            SetMetadata(item, "Columns", string.Join(';', pin.Columns));
        var settings = new XmlWriterSettings { OmitXmlDeclaration = doc.Declaration is null, Encoding = new UTF8Encoding(false) };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
            doc.Save(writer);
        File.WriteAllBytes(projectPath, stream.ToArray());
    }

    private static XDocument Load(string text)
    {
        try
        {
            return XDocument.Parse(text, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"The project file is not valid XML: {ex.Message} Fix it, then run the command again.");
        }
    }

    private static IEnumerable<XElement> Items(XDocument doc) =>
        doc.Root?.Elements().Where(g => g.Name.LocalName == "ItemGroup").SelectMany(g => g.Elements()).Where(e => e.Name.LocalName == ItemName) ?? [];

    private static DatasetPin ToPin(XElement item) =>
        new(Metadata(item, "Include") ?? "", Metadata(item, "Repository"), Metadata(item, "Commit"), Metadata(item, "Branch"),
            DatasetPin.ParseColumns(Metadata(item, "Columns")))
        {
            VerifyData = IsTrue(Metadata(item, "VerifyData")),
            Materialize = IsTrue(Metadata(item, "Materialize")),
        };

    private static string? Metadata(XElement item, string name) =>
        item.Attribute(name)?.Value ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static void SetMetadata(XElement item, string name, string? value)
    {
        if (value is null)
            return;
        if (item.Elements().FirstOrDefault(e => e.Name.LocalName == name) is { } element)
            element.Value = value;
        else
            item.SetAttributeValue(name, value);
    }
}
