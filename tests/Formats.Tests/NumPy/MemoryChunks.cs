namespace Tessera.Formats.Tests.NumPy;

internal static class MemoryChunks
{
    /// <summary>Splits memory into consecutive pieces of at most <paramref name="size"/> bytes.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Chunk(this Memory<byte> memory, int size)
    {
        for (int offset = 0; offset < memory.Length; offset += size)
            yield return memory.Slice(offset, Math.Min(size, memory.Length - offset));
    }
}
