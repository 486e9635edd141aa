using Tessera.Tool.Cli;

namespace Tessera.Tool.Output;

/// <summary>The one-line forms of node changes that status, diff and show share.</summary>
internal static class Counts
{
    /// <summary><c>modified  /images  +10 -2 ~3  (schema, attrs: unit)</c>.</summary>
    public static string NodeLine(NodeDiff node, Paint paint, int pathWidth)
    {
        string change = node.Change.ToString().ToLowerInvariant();
        string colored = node.Change switch
        {
            NodeChange.Added => paint.Added(change.PadRight(9)),
            NodeChange.Removed => paint.Removed(change.PadRight(9)),
            _ => paint.Changed(change.PadRight(9)),
        };
        var notes = new List<string>();
        if (node.OldPath is not null)
            notes.Add($"from {node.OldPath}");
        if (node.SchemaChanged)
            notes.Add("schema");
        if (node.AttributesChanged.Count > 0)
            notes.Add("attrs: " + string.Join(", ", node.AttributesChanged));
        string samples = node.Kind is NodeKind.Column or NodeKind.Array
            ? $"{paint.Added($"+{node.Added}")} {paint.Removed($"-{node.Removed}")} {paint.Changed($"~{node.Mutated}")}"
            : "";
        string suffix = notes.Count > 0 ? $"  ({string.Join("; ", notes)})" : "";
        return $"  {colored} {node.Path.PadRight(pathWidth)}  {samples}{suffix}".TrimEnd();
    }

    public static int PathWidth(IEnumerable<NodeDiff> nodes) => nodes.Select(n => n.Path.Length).DefaultIfEmpty(0).Max();

    public static string Bytes(long bytes) => bytes switch
    {
        < 10_000 => $"{bytes} B",
        < 10_000_000 => $"{bytes / 1e3:0.0} kB",
        < 10_000_000_000 => $"{bytes / 1e6:0.0} MB",
        _ => $"{bytes / 1e9:0.00} GB",
    };
}
