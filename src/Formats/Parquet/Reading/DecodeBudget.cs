namespace Tessera.Formats.Parquet.Reading;

/// <summary>
/// The decoded bytes the column chunks of one row group may still take (<see cref="ParquetReaderOptions.MaxRowGroupBytes"/>),
/// shared by the chunks of the row group decoded in parallel.
/// </summary>
public sealed class DecodeBudget(long bytes)
{
    private long left = bytes;

    public long Limit { get; } = bytes;

    /// <summary>Takes <paramref name="bytes"/> from the budget, or refuses the read when it runs out.</summary>
    internal void Take(long bytes, string where)
    {
        if (bytes > 0 && Interlocked.Add(ref this.left, -bytes) < 0)
        {
            throw new ParquetFormatException(
                $"{where} decodes to more than {Limit} bytes together with the row group's other columns, beyond the reader's limit for one row group (MaxRowGroupBytes).")
            { ExceededLimit = nameof(ParquetReaderOptions.MaxRowGroupBytes) };
        }
    }
}
