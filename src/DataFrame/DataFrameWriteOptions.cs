namespace Tessera.DataFrames;

/// <summary>Where <see cref="DataFrameWrites.WriteDataFrame"/> stages a DataFrame, and with which keys.</summary>
public sealed record DataFrameWriteOptions
{
    /// <summary>The group to write into: each DataFrame column becomes (or adds to) the column of its name there.</summary>
    public required string Into { get; init; }

    /// <summary>The DataFrame column whose values are the sample keys (integers ≥ 0 or strings); null: the row numbers, from 0.</summary>
    public string? Key { get; init; }

    /// <summary>Only these DataFrame columns; null: all of them but <see cref="Key"/>.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>
    /// A null value leaves its key out of that column (a Tessera column has no nulls: the key is
    /// absent). Without it, a null is refused and nothing is staged.
    /// </summary>
    public bool SkipNulls { get; init; }
}

/// <summary>What <see cref="DataFrameWrites.WriteDataFrame"/> staged.</summary>
/// <param name="Rows">Rows of the DataFrame.</param>
/// <param name="Samples">Samples staged (a skipped null stages none).</param>
/// <param name="Columns">The columns written to, in DataFrame order.</param>
/// <param name="ColumnsCreated">Those of <paramref name="Columns"/> that did not exist before.</param>
public sealed record DataFrameWriteResult(string Into, long Rows, long Samples, IReadOnlyList<string> Columns, IReadOnlyList<string> ColumnsCreated);

/// <summary>Which DataFrame columns <see cref="DataFrameWrites.WriteDataFrameArray"/> puts side by side, and in chunks of how many rows.</summary>
public sealed record DataFrameArrayOptions
{
    /// <summary>The DataFrame columns, all of one element type, that become the array's second axis, in this order.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Rows per chunk; null: as many as make about 1 MiB.</summary>
    public int? ChunkRows { get; init; }
}

/// <summary>What <see cref="DataFrameWrites.WriteDataFrameArray"/> staged: the array's schema and the DataFrame column of each index of its second axis.</summary>
public sealed record DataFrameArrayResult(string Path, ArraySchema Schema, IReadOnlyList<string> Columns);
