namespace Tessera.Formats.Mapping;

/// <summary>
/// Turns a key column's values into sample keys and refuses nulls, invalid keys and repeats, which
/// would otherwise make a later row silently replace an earlier one.
/// </summary>
internal sealed class KeySet(string column)
{
    // Keys arriving in increasing order (row ids, sorted tables) are distinct without a set; the
    // set is built from them only when the order first breaks.
    private List<SampleKey>? increasing = [];
    private HashSet<SampleKey>? seen;

    public SampleKey FromInt(long value, long row)
    {
        if (value < 0)
            throw new InvalidFileException($"Key column '{column}' holds {value} at row {row}; integer keys are ≥ 0. Pick another key column, or leave out --key to key rows by their index.");
        return this.Add(SampleKey.Of(value), row);
    }

    public SampleKey FromString(string value, long row)
    {
        if (!Names.IsValid(value))
        {
            throw new InvalidFileException($"Key column '{column}' holds '{value}' at row {row}, which is not a valid key (1 to {Names.MaxLength} ASCII letters, digits, '_', '-' or '.', not starting with '.' or '-'). "
                + "Pick another key column, or leave out --key to key rows by their index.");
        }
        return this.Add(SampleKey.Of(value), row);
    }

    public InvalidFileException NullAt(long row) =>
        new($"Key column '{column}' is null at row {row}; every row needs a key. Pick another key column, or leave out --key to key rows by their index.");

    public SampleKey Add(SampleKey key, long row)
    {
        if (this.increasing is not null)
        {
            if (this.increasing.Count == 0 || key.CompareTo(this.increasing[^1]) > 0)
            {
                this.increasing.Add(key);
                return key;
            }
            this.seen = [.. this.increasing];
            this.increasing = null;
        }
        if (!this.seen!.Add(key))
            throw new InvalidFileException($"Key column '{column}' repeats the key {key} (again at row {row}); keys must be unique. Pick another key column, or leave out --key to key rows by their index.");
        return key;
    }
}
