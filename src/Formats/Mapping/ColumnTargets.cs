namespace Tessera.Formats.Mapping;

/// <summary>
/// Finds or creates the columns an import writes to. Every column is checked before any is
/// created, so a schema clash stops the import before it stages anything.
/// </summary>
internal static class ColumnTargets
{
    /// <summary>The columns to write to, in order, and the paths of those created.</summary>
    public static (WritableColumn[] Columns, List<string> Created) Prepare(WriteCheckout writer, IReadOnlyList<(string Path, ColumnSchema Schema)> wanted)
    {
        var nodes = writer.Nodes.ToDictionary(n => n.Path, StringComparer.Ordinal);
        var existing = new ColumnSchema?[wanted.Count];
        for (int i = 0; i < wanted.Count; i++)
        {
            var (path, schema) = wanted[i];
            if (!nodes.TryGetValue(path, out var node))
                continue;
            if (node.Kind != NodeKind.Column)
                throw new InvalidInputException(ErrorCode.NodeExists, $"{path} is a {node.Kind.Name()}, so the import cannot create a column there. Import into another group (--into), or move the node away.");
            existing[i] = node.Schema!;
            CheckCompatible(path, node.Schema!, schema);
        }
        var columns = new WritableColumn[wanted.Count];
        var created = new List<string>();
        for (int i = 0; i < wanted.Count; i++)
        {
            var (path, schema) = wanted[i];
            if (existing[i] is null)
            {
                columns[i] = writer.CreateColumn(path, schema);
                created.Add(path);
            }
            else
            {
                columns[i] = writer.Column(path);
            }
        }
        return (columns, created);
    }

    /// <summary>Checks that a group path is free or a group.</summary>
    public static void RequireGroup(WriteCheckout writer, string path)
    {
        var node = writer.Nodes.FirstOrDefault(n => n.Path == path);
        if (node is not null && node.Kind != NodeKind.Group)
            throw new InvalidInputException(ErrorCode.NodeExists, $"{path} is a {node.Kind.Name()}; --into names the group to import into. Pick a group path.");
    }

    /// <summary>
    /// An existing column takes the import's samples when kind, dtype, layout and rank agree and its
    /// shape holds them: the same fixed shape, or a variable max shape at least as large.
    /// </summary>
    private static void CheckCompatible(string path, ColumnSchema existing, ColumnSchema wanted)
    {
        if (existing.Kind != wanted.Kind || existing.DType != wanted.DType)
        {
            throw new InvalidInputException(ErrorCode.DTypeMismatch,
                $"Column {path} exists as {existing}, but the file's column is {wanted}. Import into another group (--into), leave the column out (--columns), or remove the existing column first.");
        }
        bool fits = existing.Layout == ColumnLayout.Flat && existing.Shape.Count == wanted.Shape.Count
            && (existing.VariableShape
                ? wanted.Shape.Zip(existing.Shape).All(p => p.First <= p.Second)
                : !wanted.VariableShape && existing.Shape.SequenceEqual(wanted.Shape));
        if (!fits)
        {
            throw new InvalidInputException(ErrorCode.InvalidSchema,
                $"Column {path} exists as {existing}, which cannot hold the file's samples ({wanted}). Import into another group (--into), or remove the existing column first.");
        }
    }
}
