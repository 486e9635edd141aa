using Microsoft.ML;
using Tessera.Adapters;

namespace Tessera.MLNet;

/// <summary>
/// ML.NET's <see cref="IDataView"/> over columns of one version of a dataset — a commit
/// (<see cref="Repository.Checkout"/>) or the staging area — so that <c>MLContext</c> pipelines
/// and trainers read exactly that version. One row per selected key, in key order (or shuffled,
/// when a consumer asks for it); cursors read the rows in batches through a <see cref="DataLoader"/>,
/// only the columns they need. How dtypes and shapes map: docs/training.md, "ML.NET".
/// </summary>
public sealed class TesseraDataView : IDataView
{
    private readonly IReadView view;
    private readonly DataViewOptions options;
    private readonly MappedColumn[] columns;
    private readonly SampleKey[] keys;
    private readonly KeySelection selection;

    public TesseraDataView(IReadView view, DataViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Columns.Count == 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, "An IDataView shows at least one column: set Columns.");
        if (options.BatchSize <= 0)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"The batch size is {options.BatchSize}; it must be at least 1.");
        this.view = view;
        this.options = options;
        // The loader checks the columns are flat columns, joins them and applies the selection once;
        // every cursor then reads these keys.
        var loader = new DataLoader(view, new DataLoaderOptions
        {
            Columns = options.Columns,
            Keys = options.Keys,
            Join = options.Join,
            FetchFrom = options.FetchFrom,
        });
        var data = options.Columns.Select(path => view.Node(path)).Select(node => MappedColumn.Of(node.Path, ColumnNames.Of(node.Path, options.Names), node.Schema!)).ToList();
        ColumnNames.CheckDistinct(options.KeyColumn, data.Select(c => (c.Name, c.Path!)));
        this.keys = [.. loader.Keys];
        this.selection = KeySelection.Of(this.keys);
        this.columns = options.KeyColumn is { } key ? [new KeyColumn(key, this.keys.All(k => k.IsInt)), .. data] : [.. data];
        var builder = new DataViewSchema.Builder();
        foreach (var column in this.columns)
            builder.AddColumn(column.Name, column.Type);
        this.Schema = builder.ToSchema();
    }

    public DataViewSchema Schema { get; }

    /// <summary>Cursors can shuffle: a consumer's <see cref="Random"/> seeds the loader's own permutation.</summary>
    public bool CanShuffle => true;

    /// <summary>The keys shown, in key order (row <c>i</c> of an unshuffled cursor is key <c>i</c>).</summary>
    public IReadOnlyList<SampleKey> Keys => this.keys;

    public long? GetRowCount() => this.keys.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new bool[this.columns.Length];
        foreach (var column in columnsNeeded)
            active[this.IndexOf(column)] = true;
        var paths = this.columns.Where((c, i) => active[i] && c.Path is not null).Select(c => c.Path!).ToList();
        // A loader reads at least one column: with none of them needed, it reads the first for the order alone.
        if (paths.Count == 0)
            paths.Add(this.columns.First(c => c.Path is not null).Path!);
        var loader = new DataLoader(this.view, new DataLoaderOptions
        {
            Columns = paths,
            Keys = this.selection,
            BatchSize = this.options.BatchSize,
            Shuffle = rand is not null,
            Seed = rand is null ? 0 : (ulong)rand.NextInt64(),
            FetchFrom = this.options.FetchFrom,
            // The cursor's getters copy a row's values out of the batch it is on, and it leaves a batch only for the next.
            ReuseBuffers = true,
        });
        return new TesseraRowCursor(this, loader.Epoch().GetEnumerator(), [.. this.columns.Select((c, i) => active[i] ? c.Open() : null)]);
    }

    /// <summary>One cursor: the loader it reads through already reads ahead on a task of its own and copies large batches on every core.</summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [this.GetRowCursor(columnsNeeded, rand)];

    /// <summary>The row id of a key: its position in key order, the same in every cursor.</summary>
    internal ulong RowId(SampleKey key) => (ulong)Array.BinarySearch(this.keys, key);

    internal int IndexOf(DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= this.Schema.Count || this.Schema[column.Index].Name != column.Name)
            throw new InvalidInputException(ErrorCode.NodeNotFound, $"Column '{column.Name}' is not a column of this IDataView; it has {string.Join(", ", this.Schema.Select(c => c.Name))}.");
        return column.Index;
    }
}
