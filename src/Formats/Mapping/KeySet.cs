namespace Tessera.Formats.Mapping;

/// <summary>
/// Turns a key column's values into sample keys and refuses nulls, invalid keys and repeats, which
/// would otherwise make a later row silently replace an earlier one.
/// </summary>
internal sealed class KeySet(string column)
{
    // Keys arriving in increasing order (row ids, sorted tables) are distinct without a set: only
    // the arrays they were written to are kept, to build the set from when the order first breaks.
    // A list of every key copied them (2,000,000 rows: ~100 MB allocated as it doubled).
    private readonly List<SampleKey[]> earlier = [];
    private SampleKey[] batch = [];
    private int inBatch;
    private HashSet<SampleKey>? seen;

    /// <summary>The array for the keys of the next <paramref name="rows"/> rows, which <see cref="Add"/> fills in order, every row.</summary>
    public SampleKey[] NewBatch(int rows)
    {
        if (this.inBatch < this.batch.Length)
            throw new InvalidOperationException("A batch of keys was left before every row had its key.");
        if (this.seen is null && this.batch.Length > 0)
            this.earlier.Add(this.batch);
        this.batch = new SampleKey[rows];
        this.inBatch = 0;
        return this.batch;
    }

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

    /// <summary>
    /// Writes a whole batch of integer keys when they are ≥ 0 and each above the one before, as a
    /// table's row ids are, checked in one pass instead of key by key; false, with nothing written,
    /// when they are not, for <see cref="FromInt"/> to check them one by one and say which is wrong.
    /// </summary>
    public bool AddIncreasing(ReadOnlySpan<long> values)
    {
        if (this.seen is not null || this.inBatch != 0 || values.Length != this.batch.Length || values.IsEmpty || values[0] < 0)
            return false;
        var before = this.earlier.Count > 0 ? this.earlier[^1][^1] : (SampleKey?)null;
        if (before is { } last && SampleKey.Of(values[0]).CompareTo(last) <= 0)
            return false;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] <= values[i - 1])
                return false;
        }
        for (int i = 0; i < values.Length; i++)
            this.batch[i] = SampleKey.Of(values[i]);
        this.inBatch = values.Length;
        return true;
    }

    /// <summary>Checks <paramref name="key"/> and writes it to the batch's next place; returns it.</summary>
    public SampleKey Add(SampleKey key, long row)
    {
        if (this.inBatch == this.batch.Length)
            throw new InvalidOperationException("A key was added past the batch it belongs to.");
        if (this.seen is null)
        {
            var before = this.inBatch > 0 ? this.batch[this.inBatch - 1] : this.earlier.Count > 0 ? this.earlier[^1][^1] : (SampleKey?)null;
            if (before is not { } last || key.CompareTo(last) > 0)
                return this.batch[this.inBatch++] = key;
            this.seen = [.. this.earlier.SelectMany(keys => keys), .. this.batch.AsSpan(0, this.inBatch).ToArray()];
            this.earlier.Clear();
        }
        if (!this.seen.Add(key))
            throw new InvalidFileException($"Key column '{column}' repeats the key {key} (again at row {row}); keys must be unique. Pick another key column, or leave out --key to key rows by their index.");
        return this.batch[this.inBatch++] = key;
    }
}
