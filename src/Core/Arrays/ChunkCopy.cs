namespace Tessera.Arrays;

/// <summary>
/// Moves elements between a chunk (dense C order over the chunk shape) and a selection block
/// (dense C order over the selection's counts). The innermost dimension moves as one block copy
/// when its step is 1.
/// </summary>
internal static class ChunkCopy
{
    public static void ToChunk(Selection sel, ChunkPart part, IReadOnlyList<int> chunkShape, int itemSize, ReadOnlySpan<byte> block, Span<byte> chunk)
    {
        var rows = new RowWalker(sel, part, chunkShape, itemSize);
        while (rows.MoveNext())
        {
            if (rows.ChunkStride == itemSize)
            {
                block.Slice(rows.BlockOffset, rows.Count * itemSize).CopyTo(chunk[rows.ChunkOffset..]);
                continue;
            }
            for (int i = 0; i < rows.Count; i++)
                block.Slice(rows.BlockOffset + (i * itemSize), itemSize).CopyTo(chunk[(rows.ChunkOffset + (i * rows.ChunkStride))..]);
        }
    }

    public static void FromChunk(Selection sel, ChunkPart part, IReadOnlyList<int> chunkShape, int itemSize, ReadOnlySpan<byte> chunk, Span<byte> block)
    {
        var rows = new RowWalker(sel, part, chunkShape, itemSize);
        while (rows.MoveNext())
        {
            if (rows.ChunkStride == itemSize)
            {
                chunk.Slice(rows.ChunkOffset, rows.Count * itemSize).CopyTo(block[rows.BlockOffset..]);
                continue;
            }
            for (int i = 0; i < rows.Count; i++)
                chunk.Slice(rows.ChunkOffset + (i * rows.ChunkStride), itemSize).CopyTo(block[(rows.BlockOffset + (i * itemSize))..]);
        }
    }

    /// <summary>Steps through the innermost rows of a part: byte offsets in chunk and block, and the row's length.</summary>
    private struct RowWalker
    {
        private readonly Selection sel;
        private readonly ChunkPart part;
        private readonly IReadOnlyList<int> chunkShape;
        private readonly long[] chunkStrides;
        private readonly long[] blockStrides;
        private readonly long[] k;
        private bool started;

        public RowWalker(Selection sel, ChunkPart part, IReadOnlyList<int> chunkShape, int itemSize)
        {
            this.sel = sel;
            this.part = part;
            this.chunkShape = chunkShape;
            int rank = part.Coords.Length;
            this.chunkStrides = new long[rank];
            this.blockStrides = new long[rank];
            long cs = itemSize, bs = itemSize;
            for (int d = rank - 1; d >= 0; d--)
            {
                this.chunkStrides[d] = cs;
                this.blockStrides[d] = bs;
                cs *= chunkShape[d];
                bs *= sel.Count[d];
            }
            this.k = (long[])part.K0.Clone();
            this.Count = (int)(part.K1[rank - 1] - part.K0[rank - 1]);
            this.ChunkStride = (int)(sel.Step[rank - 1] * itemSize);
            this.started = false;
            this.ChunkOffset = this.BlockOffset = 0;
        }

        public int ChunkOffset { get; private set; }

        public int BlockOffset { get; private set; }

        /// <summary>Elements in each row.</summary>
        public int Count { get; }

        /// <summary>Bytes between consecutive elements of a row in the chunk.</summary>
        public int ChunkStride { get; }

        public bool MoveNext()
        {
            int rank = this.k.Length;
            if (this.started)
            {
                int dim = rank - 2;
                while (dim >= 0 && ++this.k[dim] == this.part.K1[dim])
                {
                    this.k[dim] = this.part.K0[dim];
                    dim--;
                }
                if (dim < 0)
                    return false;
            }
            this.started = true;
            long chunkOffset = 0, blockOffset = 0;
            for (int d = 0; d < rank; d++)
            {
                long local = this.sel.First[d] + (this.k[d] * this.sel.Step[d]) - (this.part.Coords[d] * this.chunkShape[d]);
                chunkOffset += local * this.chunkStrides[d];
                blockOffset += this.k[d] * this.blockStrides[d];
            }
            this.ChunkOffset = checked((int)chunkOffset);
            this.BlockOffset = checked((int)blockOffset);
            return true;
        }
    }
}
