namespace Tessera.Formats.Mapping;

/// <summary>What an export reads: the staging area or a commit, and the columns of a group (or one column).</summary>
internal static class ExportSource
{
    public static IReadView Open(Repository repo, ExportOptions options) => IReadView.OpenSettled(repo, options.Revision);

    /// <summary>
    /// The flat columns directly under <paramref name="path"/> (subgroups and arrays are not exported), in the order
    /// they were imported (<see cref="ColumnOrder"/>; then by name), or those of <see cref="ExportOptions.Columns"/> in the order given; or the column <paramref name="path"/> itself.
    /// </summary>
    public static List<ColumnSnapshot> Columns(IReadView view, string path, ExportOptions options)
    {
        path = Names.NormalizePath(path);
        var node = view.Node(path);
        if (node.Kind == NodeKind.Column)
        {
            if (options.Columns is not null)
                throw new InvalidInputException(ErrorCode.Usage, $"{path} is a column; --columns picks columns of a group. Export the group, or leave --columns out.");
            return [Column(view, path)];
        }
        var all = ColumnOrder.Sort(view.Attributes(path),
            view.Nodes.Where(n => n.Kind == NodeKind.Column && Names.ParentOf(n.Path) == path).Select(n => Names.LeafOf(n.Path)));
        var names = options.Columns ?? all;
        foreach (var name in names)
        {
            if (!all.Contains(name))
                throw new NotFoundException(ErrorCode.NodeNotFound, $"{path} has no column '{name}' (--columns) in {Where(view)}. Its columns are: {string.Join(", ", all)}.");
        }
        if (names.Count != names.Distinct().Count())
            throw new InvalidInputException(ErrorCode.Usage, $"--columns names a column twice ({string.Join(",", names)}).");
        if (names.Count == 0)
            throw new NotFoundException(ErrorCode.NodeNotFound, $"{path} holds no columns in {Where(view)}; nothing to export.").With(ErrorDetail.Path, path);
        return [.. names.Select(name => Flat(view.Column($"{path}/{name}"),
            () => [.. all.Where(n => view.Column($"{path}/{n}").Schema.Layout != ColumnLayout.Nested)]))];
    }

    /// <summary>The column <paramref name="path"/>, which must be flat.</summary>
    public static ColumnSnapshot Column(IReadView view, string path) => Flat(view.Column(path), () => []);

    /// <summary>The leaf name of a column, which becomes its name in the file.</summary>
    public static string NameOf(ColumnSnapshot column) => Names.LeafOf(column.Path);

    /// <summary>"the staging area", or the commit read.</summary>
    public static string Where(IReadView view) => view.Commit is { } commit ? $"commit {commit.ShortId}" : "the staging area";

    /// <summary>Refuses a nested column, saying how to get its samples and how to export the rest.</summary>
    private static ColumnSnapshot Flat(ColumnSnapshot column, Func<List<string>> flatColumnsOfGroup)
    {
        if (column.Schema.Layout != ColumnLayout.Nested)
            return column;
        var flatColumns = flatColumnsOfGroup();
        string rest = flatColumns.Count > 0
            ? $" Export the group's flat columns with --columns {string.Join(",", flatColumns)}."
            : "";
        throw new InvalidInputException(ErrorCode.InvalidSchema,
            $"Column {column.Path} is nested (KEY/SUBKEY); a file row holds one sample per key and column. Read its samples by KEY/SUBKEY instead.{rest}").With(ErrorDetail.Path, column.Path).With(ErrorDetail.Area, "nested");
    }
}
