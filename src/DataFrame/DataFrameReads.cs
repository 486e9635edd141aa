using Microsoft.Data.Analysis;
using Tessera.Adapters;

namespace Tessera.DataFrames;

public static class DataFrameReads
{
    private const int BatchSize = 4096;

    /// <summary>
    /// Columns of this commit or staging area as a DataFrame: one row per selected key, in key
    /// order; a key column first, then each column's DataFrame column(s).
    /// </summary>
    public static Microsoft.Data.Analysis.DataFrame ToDataFrame(this IReadView view, DataFrameOptions options)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Columns.Count == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, "A DataFrame is read from at least one column: set Columns.");
        // The loader checks the columns are flat columns, joins them and applies the selection.
        var loader = new DataLoader(view, new DataLoaderOptions
        {
            Columns = options.Columns,
            Keys = options.Keys,
            Join = options.Join,
            BatchSize = BatchSize,
            FetchFrom = options.FetchFrom,
            // Every batch is copied into the frame's columns before the next is read.
            ReuseBuffers = true,
        });
        int rows = loader.Keys.Count;
        var builders = options.Columns.Select(path => view.Node(path))
            .Select(node => FrameColumnBuilder.Of(node.Path, ColumnNames.Of(node.Path, options.Names), node.Schema!, rows)).ToList();
        ColumnNames.CheckDistinct(options.KeyColumn, builders.SelectMany(b => b.Names.Select(name => (name, b.Path))));
        int offset = 0;
        foreach (var batch in loader.Epoch())
        {
            foreach (var builder in builders)
                builder.Append(batch, offset);
            offset += batch.Count;
        }
        var columns = new List<DataFrameColumn>();
        if (options.KeyColumn is { } key)
        {
            columns.Add(loader.Keys.All(k => k.IsInt)
                ? new Int64DataFrameColumn(key, loader.Keys.Select(k => k.Int))
                : new StringDataFrameColumn(key, loader.Keys.Select(k => k.ToString())));
        }
        columns.AddRange(builders.SelectMany(b => b.Build()));
        return new Microsoft.Data.Analysis.DataFrame(columns);
    }
}
