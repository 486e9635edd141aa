namespace Tessera.MLNet;

/// <summary>What a <see cref="TesseraDataView"/> shows: which columns, under which names, which keys.</summary>
public sealed record DataViewOptions
{
    /// <summary>The columns to show, joined by key (at least one), in this order after the key column.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>
    /// The IDataView name of a column, by its path (<c>["/digits/images"] = "Pixels"</c>); a column
    /// not listed is named by the last segment of its path (<c>images</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>Which keys to show (default all): a range, a list, a pattern or a named split.</summary>
    public KeySelection Keys { get; init; } = KeySelection.All;

    /// <summary>What to do when the columns hold different keys.</summary>
    public KeyJoin Join { get; init; } = KeyJoin.Exact;

    /// <summary>
    /// The name of the column that holds each row's sample key (<see cref="DefaultKeyColumn"/>), or null
    /// for none: Int64 when every shown key is an integer, otherwise text in the CLI's form
    /// (<c>7</c>, <c>cat_1</c>, <c>"7"</c> for the string key 7), which <see cref="SampleKey.Parse"/> reads back.
    /// </summary>
    public string? KeyColumn { get; init; } = DefaultKeyColumn;

    /// <summary>Rows a cursor reads from the repository at a time.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>In a partial clone, fetch the samples a cursor reads from this source (<c>repo.Remotes.Samples("origin")</c>) as it reads them.</summary>
    public ISampleSource? FetchFrom { get; init; }

    public const string DefaultKeyColumn = "Key";
}
