namespace Tessera.Formats.Mapping;

/// <summary>The committed columns an export reads: those directly in a group, or one column.</summary>
internal static class ExportSource
{
    /// <summary>
    /// The flat columns directly under <paramref name="path"/> (subgroups and arrays are not
    /// exported), or the column <paramref name="path"/> itself.
    /// </summary>
    public static List<CommittedColumn> Columns(ReadCheckout checkout, string path)
    {
        path = Names.NormalizePath(path);
        var node = checkout.Node(path);
        var columns = node.Kind == NodeKind.Column
            ? [checkout.Column(path)]
            : checkout.Nodes.Where(n => n.Kind == NodeKind.Column && Names.ParentOf(n.Path) == path).Select(n => checkout.Column(n.Path)).ToList();
        if (columns.Count == 0)
            throw new NotFoundException(ErrorCode.NodeNotFound, $"{path} holds no columns at {checkout.Commit.Id.ToShortString()}; nothing to export. List the nodes with 'dotnet tensor tree'.");
        foreach (var column in columns)
        {
            if (column.Schema.Layout == ColumnLayout.Nested)
            {
                throw new InvalidInputException(ErrorCode.InvalidSchema,
                    $"Column {column.Path} is nested (key/subkey); files hold one sample per key and column. Read its samples with 'dotnet tensor get', or copy them into a flat column.");
            }
        }
        return columns;
    }

    /// <summary>The leaf name of a column, which becomes its name in the file.</summary>
    public static string NameOf(CommittedColumn column) => Names.LeafOf(column.Path);
}
