namespace Tessera.Formats.Parquet.Reading;

/// <summary>
/// Arrays kept for reuse, of any element type: a reader's column-chunk bytes, and the values and
/// levels of chunks their reader is done with (<see cref="ParquetReader.Recycle"/>); an export's
/// row-group arrays (<c>ArrayRecycler</c>).
/// Chunks are tens of MB, and a fresh array for each would be memory the process has not touched
/// (a page fault per 4 KB page on first write). Kept only while the reader is open, at most
/// <c>maxKept</c>, so the reader's memory stays bounded by the row groups it reads.
/// </summary>
internal sealed class KeptArrays(int maxKept)
{
    private readonly List<Array> kept = [];
    private readonly Lock gate = new();

    /// <summary>An array of at least <paramref name="length"/> elements, whose contents are undefined.</summary>
    public T[] Rent<T>(int length)
    {
        lock (this.gate)
        {
            // The smallest kept array that fits, so that large ones stay for large chunks.
            int best = -1;
            for (int i = 0; i < this.kept.Count; i++)
            {
                if (this.kept[i] is T[] array && array.Length >= length && (best < 0 || array.Length < this.kept[best].Length))
                {
                    best = i;
                }
            }
            if (best >= 0)
            {
                var array = (T[])this.kept[best];
                this.kept.RemoveAt(best);
                return array;
            }
        }
        return GC.AllocateUninitializedArray<T>(length);
    }

    public void Return(Array array)
    {
        if (array.Length == 0)
        {
            return;
        }
        lock (this.gate)
        {
            this.kept.Add(array);
            if (this.kept.Count > maxKept)
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

    /// <summary>Lets go of every kept array (a caller bounding its memory between large row groups).</summary>
    public void Clear()
    {
        lock (this.gate)
        {
            this.kept.Clear();
        }
    }
}
