namespace Tessera.Formats.Parquet.Reading;

/// <summary>
/// The buffers one reader reads column chunks' stored bytes into, kept between chunks: chunks are
/// tens of MB, and a fresh array for each would be memory the process has not touched (a page
/// fault per 4 KB page on first write). Kept only while the reader is open, at most one per chunk
/// read at once (up to <see cref="MaxKept"/>) and of the exact sizes read, so the reader's memory
/// stays bounded by the chunks it reads.
/// </summary>
internal sealed class ChunkBuffers
{
    /// <summary>Columns decode in parallel, a few at a time.</summary>
    private const int MaxKept = 4;

    private readonly List<byte[]> kept = [];
    private readonly Lock gate = new();

    /// <summary>A buffer of at least <paramref name="length"/> bytes, whose contents are undefined.</summary>
    public byte[] Rent(int length)
    {
        lock (this.gate)
        {
            // The smallest kept buffer that fits, so that large ones stay for large chunks.
            int best = -1;
            for (int i = 0; i < this.kept.Count; i++)
            {
                if (this.kept[i].Length >= length && (best < 0 || this.kept[i].Length < this.kept[best].Length))
                {
                    best = i;
                }
            }
            if (best >= 0)
            {
                var buffer = this.kept[best];
                this.kept.RemoveAt(best);
                return buffer;
            }
        }
        return GC.AllocateUninitializedArray<byte>(length);
    }

    public void Return(byte[] buffer)
    {
        lock (this.gate)
        {
            this.kept.Add(buffer);
            if (this.kept.Count > MaxKept)
            {
                // Drop the smallest: it is the cheapest to allocate again.
                int smallest = 0;
                for (int i = 1; i < this.kept.Count; i++)
                {
                    if (this.kept[i].Length < this.kept[smallest].Length)
                    {
                        smallest = i;
                    }
                }
                this.kept.RemoveAt(smallest);
            }
        }
    }

    /// <summary>Lets go of every kept buffer (a caller bounding its memory between large row groups).</summary>
    public void Clear()
    {
        lock (this.gate)
        {
            this.kept.Clear();
        }
    }
}
