using Tessera.Formats.Parquet.Metadata;
using Tessera.Formats.Parquet.Schema;
using Tessera.Formats.Parquet.Values;

namespace Tessera.Formats.Mapping;

/// <summary>
/// How one top-level Parquet field nests down to its single leaf: each repeated level is one
/// dimension of the samples (a list of numbers is rank 1, a list of lists rank 2, ...).
/// </summary>
internal sealed class ParquetNesting
{
    private ParquetNesting(SchemaField field, ColumnDescriptor leaf, int[] definitionAtRepeated)
    {
        this.Field = field;
        this.Leaf = leaf;
        this.DefinitionAtRepeated = definitionAtRepeated;
    }

    public SchemaField Field { get; }

    public ColumnDescriptor Leaf { get; }

    /// <summary>The samples' rank: the number of repeated levels.</summary>
    public int Rank => this.Leaf.MaxRepetitionLevel;

    /// <summary>Entry k: the definition level at which the list of dimension k holds at least one item.</summary>
    private int[] DefinitionAtRepeated { get; }

    /// <summary>The nesting of a top-level field, or null when it is a group of several fields (a struct or map).</summary>
    public static ParquetNesting? Of(SchemaField field)
    {
        var node = field;
        var atRepeated = new List<int>();
        int definition = 0;
        while (true)
        {
            if (node.Repetition != Repetition.Required)
                definition++;
            if (node.Repetition == Repetition.Repeated)
                atRepeated.Add(definition);
            if (node.IsLeaf)
                return new ParquetNesting(field, node.Column!, [.. atRepeated]);
            if (node.Children.Count != 1)
                return null;
            node = node.Children[0];
        }
    }

    /// <summary>Splits a column chunk into rows: which are null, each row's shape and where its values start.</summary>
    public ParquetRowLayout Layout(ColumnData data, int rows, string where) => ParquetRowLayout.Build(this, data, rows, where);

    /// <summary>The definition level of an entry whose list at dimension <paramref name="k"/> is empty (0-based k).</summary>
    internal int EmptyAt(int k) => this.DefinitionAtRepeated[k] - 1;

    /// <summary>How many dimensions' lists an entry of definition level <paramref name="definition"/> reaches into.</summary>
    internal int Depth(int definition)
    {
        int depth = 0;
        while (depth < this.DefinitionAtRepeated.Length && this.DefinitionAtRepeated[depth] <= definition)
            depth++;
        return depth;
    }
}

/// <summary>
/// The rows of one column chunk: present or null, the shape of each present row (rank ints per
/// row) and the index of its first value. A present row's values are contiguous and in C order, so
/// the chunk's values are exactly the present rows' samples back to back.
/// </summary>
internal sealed class ParquetRowLayout
{
    private ParquetRowLayout(int rows, int rank)
    {
        this.Present = new bool[rows];
        this.Shapes = new int[rows * rank];
        this.ValueStarts = new int[rows + 1];
        this.Rank = rank;
    }

    public int Rank { get; }

    public bool[] Present { get; }

    /// <summary>Row r's shape is <c>Shapes[r*Rank .. (r+1)*Rank)</c>.</summary>
    public int[] Shapes { get; }

    /// <summary>Row r's values are <c>[ValueStarts[r], ValueStarts[r+1])</c>.</summary>
    public int[] ValueStarts { get; }

    public ReadOnlySpan<int> ShapeOf(int row) => this.Shapes.AsSpan(row * this.Rank, this.Rank);

    /// <summary>
    /// Walks the levels once. An entry with repetition level p starts a new item in the list of
    /// dimension p (0: a new row); its definition level says how deep it reaches, and whether it ends
    /// in an empty list, a null list or a value. Lists closed at one dimension must all have the same
    /// length within a row, or the row is not an array.
    /// </summary>
    public static ParquetRowLayout Build(ParquetNesting nesting, ColumnData data, int rows, string where)
    {
        int rank = nesting.Rank;
        int maxDefinition = nesting.Leaf.MaxDefinitionLevel;
        var layout = new ParquetRowLayout(rows, rank);
        var definitions = data.DefinitionLevels;
        var repetitions = data.RepetitionLevels;
        if (rank == 0)
        {
            for (int r = 0, v = 0; r < rows; r++)
            {
                layout.ValueStarts[r] = v;
                bool present = maxDefinition == 0 || definitions[r] == maxDefinition;
                layout.Present[r] = present;
                v += present ? 1 : 0;
                layout.ValueStarts[r + 1] = v;
            }
            return layout;
        }
        if (rank == 1 && TryDenseLists(layout, definitions, repetitions, data.LevelCount, maxDefinition, rows))
            return layout;
        var walker = new Walker(nesting, layout, where);
        for (int i = 0; i < data.LevelCount; i++)
            walker.Step(repetitions[i], maxDefinition == 0 ? 0 : definitions[i], maxDefinition);
        walker.Finish();
        if (walker.Row != rows)
            throw new InvalidFileException($"{where} has {walker.Row} rows in its levels but the row group declares {rows}.");
        return layout;
    }

    /// <summary>
    /// The common case of a list column without nulls or empty lists (every entry a value): rows
    /// start where the repetition level is 0, found with vectorized searches instead of a walk
    /// entry by entry. False (nothing decided) when the levels are anything else.
    /// </summary>
    private static bool TryDenseLists(ParquetRowLayout layout, ReadOnlySpan<short> definitions, ReadOnlySpan<short> repetitions, int count, int maxDefinition, int rows)
    {
        if (count == 0 || repetitions[0] != 0 || definitions.IndexOfAnyExcept((short)maxDefinition) >= 0
            || repetitions.IndexOfAnyExcept((short)0, (short)1) >= 0)
        {
            return false;
        }
        int row = 0;
        for (int start = 0; start < count;)
        {
            int next = repetitions[(start + 1)..].IndexOf((short)0);
            int end = next < 0 ? count : start + 1 + next;
            if (row == rows)
                return false;
            layout.Present[row] = true;
            layout.Shapes[row] = end - start;
            layout.ValueStarts[row] = start;
            row++;
            start = end;
        }
        layout.ValueStarts[row] = count;
        return row == rows;
    }

    /// <summary>The state of the level walk: the open lists and the lengths seen per dimension in the current row.</summary>
    private sealed class Walker(ParquetNesting nesting, ParquetRowLayout layout, string where)
    {
        private readonly int[] items = new int[nesting.Rank];
        private readonly int[] lengths = new int[nesting.Rank];
        private readonly bool[] open = new bool[nesting.Rank];
        private bool rowIsNull;
        private int values;

        public int Row { get; private set; }

        public void Step(int repetition, int definition, int maxDefinition)
        {
            int rank = this.items.Length;
            int depth = nesting.Depth(definition);
            if (repetition == 0)
            {
                this.Finish();
                layout.ValueStarts[this.Row] = this.values;
                Array.Fill(this.lengths, -1);
                this.rowIsNull = depth == 0 && definition < nesting.EmptyAt(0);
                layout.Present[this.Row] = !this.rowIsNull;
                this.Row++;
                if (this.rowIsNull)
                    return;
            }
            else
            {
                if (this.Row == 0 || this.rowIsNull || !this.open[repetition - 1] || depth < repetition)
                    throw this.Error("has repetition levels that do not follow a list (malformed levels)");
                for (int k = rank - 1; k >= repetition; k--)
                    this.Close(k);
                this.items[repetition - 1]++;
            }
            for (int k = repetition; k < depth; k++)
            {
                this.open[k] = true;
                this.items[k] = 1;
            }
            if (depth < rank)
            {
                if (definition < nesting.EmptyAt(depth))
                    throw this.Error($"has a null list inside row {this.Row - 1}; a sample is an array without holes. Fill or drop those rows, or leave the column out (--columns)");
                this.open[depth] = true;
                this.items[depth] = 0;
            }
            else if (definition < maxDefinition)
            {
                throw this.Error($"has a null element inside row {this.Row - 1}; a sample is an array without holes. Fill or drop those rows, or leave the column out (--columns)");
            }
            else
            {
                this.values++;
            }
        }

        /// <summary>Closes the current row (if any) and records its shape.</summary>
        public void Finish()
        {
            if (this.Row == 0)
                return;
            int row = this.Row - 1;
            if (!this.rowIsNull)
            {
                for (int k = this.items.Length - 1; k >= 0; k--)
                    this.Close(k);
                for (int k = 0; k < this.lengths.Length; k++)
                    layout.Shapes[(row * this.lengths.Length) + k] = Math.Max(this.lengths[k], 0);
            }
            layout.ValueStarts[row + 1] = this.values;
        }

        private void Close(int k)
        {
            if (!this.open[k])
                return;
            this.open[k] = false;
            if (this.lengths[k] < 0)
                this.lengths[k] = this.items[k];
            else if (this.lengths[k] != this.items[k])
                throw this.Error($"has lists of different lengths ({this.lengths[k]} and {this.items[k]}) at depth {k + 1} of row {this.Row - 1}, so the row is not an array. Make them equal, or leave the column out (--columns)");
        }

        private InvalidFileException Error(string problem) => new($"{where} {problem}.");
    }
}
