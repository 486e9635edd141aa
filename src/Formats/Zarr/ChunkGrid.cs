namespace Tessera.Formats.Zarr;

/// <summary>Walks a chunk grid in C order.</summary>
internal static class ChunkGrid
{
    /// <summary>Every chunk's coordinates; none when a dimension has no chunks.</summary>
    public static IEnumerable<long[]> Coordinates(long[] grid)
    {
        if (grid.Contains(0))
            yield break;
        var coords = new long[grid.Length];
        while (true)
        {
            yield return (long[])coords.Clone();
            int d = coords.Length - 1;
            for (; d >= 0 && ++coords[d] == grid[d]; d--)
                coords[d] = 0;
            if (d < 0)
                yield break;
        }
    }
}
