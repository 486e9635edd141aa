namespace Tessera.DataFrames;

/// <summary>What <see cref="DataFrameReads.ToDataFrame"/> reads: which columns, under which names, which keys.</summary>
public sealed record DataFrameOptions
{
    /// <summary>The columns to read, joined by key (at least one), in this order after the key column.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>
    /// The DataFrame name of a column, by its path (<c>["/digits/labels"] = "label"</c>); a column
    /// not listed is named by the last segment of its path. A fixed-shape column of n elements
    /// becomes n columns, <c>NAME_0</c> to <c>NAME_{n-1}</c> (C order).
    /// </summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>Which keys to read (default all): a range, a list, a pattern or a named split.</summary>
    public KeySelection Keys { get; init; } = KeySelection.All;

    /// <summary>What to do when the columns hold different keys.</summary>
    public KeyJoin Join { get; init; } = KeyJoin.Exact;

    /// <summary>
    /// The name of the column that holds each row's sample key (<see cref="DefaultKeyColumn"/>), or
    /// null for none: an Int64 column when every key read is an integer, otherwise a string column
    /// in the CLI's form (<c>7</c>, <c>cat_1</c>, <c>"7"</c> for the string key 7).
    /// </summary>
    public string? KeyColumn { get; init; } = DefaultKeyColumn;

    /// <summary>In a partial clone, fetch the samples read from this source (<c>repo.Remotes.Samples("origin")</c>) as they are read.</summary>
    public ISampleSource? FetchFrom { get; init; }

    public const string DefaultKeyColumn = "Key";
}
