namespace Tessera.Formats.Mapping;

/// <summary>
/// The shapes a list column's rows take, to choose its schema: one shape throughout gives a fixed
/// shape, varying shapes a variable shape whose maximum is the largest seen per dimension.
/// </summary>
internal sealed class ShapeStats(int rank)
{
    private readonly int[] first = new int[rank];
    private readonly int[] max = new int[rank];
    private bool seen;
    private bool constant = true;

    public void Add(ParquetRowLayout layout)
    {
        for (int r = 0; r < layout.Present.Length; r++)
        {
            if (!layout.Present[r])
                continue;
            var shape = layout.ShapeOf(r);
            if (!this.seen)
            {
                shape.CopyTo(this.first);
                this.seen = true;
            }
            else if (this.constant && !shape.SequenceEqual(this.first))
            {
                this.constant = false;
            }
            for (int k = 0; k < shape.Length; k++)
                this.max[k] = Math.Max(this.max[k], shape[k]);
        }
    }

    /// <summary>The shapes of one row group's rows.</summary>
    public static ShapeStats Of(int rank, ParquetRowLayout layout)
    {
        var stats = new ShapeStats(rank);
        stats.Add(layout);
        return stats;
    }

    /// <summary>Whether every shape seen fits <paramref name="schema"/>: its one shape, or within its maximum shape.</summary>
    public bool Fit(ColumnSchema schema)
    {
        if (!this.seen)
            return true;
        var shape = schema.Shape.ToArray();
        return schema.VariableShape
            ? this.max.Select((d, k) => d <= shape[k]).All(fits => fits)
            : this.constant && this.first.SequenceEqual(shape);
    }

    /// <summary>Fixed when every row had one shape without zero dimensions; else variable (a max of at least 1 per dimension).</summary>
    public ColumnSchema Schema(DType dtype) => this.seen && this.constant && this.first.All(d => d > 0)
        ? ColumnSchema.NDArray(dtype, this.first)
        : ColumnSchema.VariableNDArray(dtype, [.. this.max.Select(d => Math.Max(d, 1))]);
}
