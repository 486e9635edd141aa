namespace Tessera.Arrays;

/// <summary>
/// A selection resolved against an array's shape: per dimension the first index, the step and
/// the count. The selected elements form a dense C-order block of shape <see cref="Count"/>.
/// </summary>
internal sealed class Selection
{
    private Selection(long[] first, long[] step, long[] count, bool[] dropped)
    {
        this.First = first;
        this.Step = step;
        this.Count = count;
        this.Dropped = dropped;
        this.Elements = count.Aggregate(1L, (a, b) => a * b);
    }

    public long[] First { get; }

    public long[] Step { get; }

    public long[] Count { get; }

    /// <summary>Dimensions selected by a single index, which the result shape leaves out.</summary>
    public bool[] Dropped { get; }

    public long Elements { get; }

    public int[] ResultShape => this.Count.Where((_, d) => !this.Dropped[d]).Select(c => checked((int)c)).ToArray();

    public static Selection Resolve(IReadOnlyList<long> shape, ReadOnlySpan<Slice> slices)
    {
        if (slices.Length > shape.Count)
            throw new InvalidInputException(ErrorCode.OutOfBounds, $"The selection has {slices.Length} dimensions; the array has {shape.Count}.");
        int rank = shape.Count;
        var first = new long[rank];
        var step = new long[rank];
        var count = new long[rank];
        var dropped = new bool[rank];
        for (int d = 0; d < rank; d++)
        {
            var slice = d < slices.Length ? slices[d] : Slice.All;
            (first[d], step[d], count[d]) = slice.Resolve(shape[d], d);
            dropped[d] = slice.IsIndex;
        }
        var selection = new Selection(first, step, count, dropped);
        if (selection.Elements > int.MaxValue)
            throw new InvalidInputException(ErrorCode.InvalidArgument, $"The selection holds {selection.Elements} elements; select at most 2^31 at once.");
        return selection;
    }

    /// <summary>The chunks the selection touches, each with the range of selection indices inside it.</summary>
    public List<ChunkPart> Parts(IReadOnlyList<int> chunkShape)
    {
        int rank = this.First.Length;
        var perDim = new List<(long Chunk, long K0, long K1)>[rank];
        for (int d = 0; d < rank; d++)
        {
            perDim[d] = [];
            if (this.Count[d] == 0)
                return [];
            long c = chunkShape[d];
            long firstChunk = this.First[d] / c;
            long lastChunk = (this.First[d] + ((this.Count[d] - 1) * this.Step[d])) / c;
            for (long chunk = firstChunk; chunk <= lastChunk; chunk++)
            {
                long lo = chunk * c, hi = lo + c;
                long k0 = Math.Max(0, CeilDiv(lo - this.First[d], this.Step[d]));
                long k1 = Math.Min(this.Count[d], CeilDiv(hi - this.First[d], this.Step[d]));
                if (k0 < k1)
                    perDim[d].Add((chunk, k0, k1));
            }
        }
        var parts = new List<ChunkPart>();
        var index = new int[rank];
        while (true)
        {
            var coords = new long[rank];
            var k0s = new long[rank];
            var k1s = new long[rank];
            for (int d = 0; d < rank; d++)
                (coords[d], k0s[d], k1s[d]) = perDim[d][index[d]];
            parts.Add(new ChunkPart(coords, k0s, k1s));
            int dim = rank - 1;
            while (dim >= 0 && ++index[dim] == perDim[dim].Count)
                index[dim--] = 0;
            if (dim < 0)
                return parts;
        }
    }

    /// <summary>True when the part covers every element of its chunk that lies inside the array.</summary>
    public bool CoversChunk(ChunkPart part, IReadOnlyList<int> chunkShape, IReadOnlyList<long> shape)
    {
        for (int d = 0; d < part.Coords.Length; d++)
        {
            long lo = part.Coords[d] * chunkShape[d];
            long inside = Math.Min(chunkShape[d], shape[d] - lo);
            if (this.Step[d] != 1 || part.K1[d] - part.K0[d] != inside)
                return false;
        }
        return true;
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

/// <summary>One chunk of a selection: its coordinates and the selection indices [K0, K1) per dimension inside it.</summary>
internal sealed record ChunkPart(long[] Coords, long[] K0, long[] K1);
