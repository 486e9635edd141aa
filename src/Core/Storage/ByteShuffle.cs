namespace Tessera.Storage;

/// <summary>
/// The byte shuffle of the <c>zstd</c> codec (format section 3.4): the elements' first bytes, then
/// their second bytes, and so on. In numbers of a narrow range, a byte position holds few distinct
/// values (the float32 exponent byte, the high bytes of small integers), so grouping each position
/// makes long runs a compressor finds; interleaved, they are noise every few bytes.
/// </summary>
internal static class ByteShuffle
{
    /// <summary>
    /// Writes byte <c>b</c> of element <c>i</c> to <c>b × n + i</c>, with <c>n</c> whole elements; bytes past
    /// the last whole element keep their place at the end.
    /// </summary>
    public static void Shuffle(ReadOnlySpan<byte> source, Span<byte> destination, int elementSize)
    {
        int n = source.Length / elementSize;
        for (int b = 0; b < elementSize; b++)
        {
            var plane = destination.Slice(b * n, n);
            for (int i = 0, from = b; i < n; i++, from += elementSize)
                plane[i] = source[from];
        }
        source[(n * elementSize)..].CopyTo(destination[(n * elementSize)..]);
    }

    /// <summary>The inverse of <see cref="Shuffle"/>.</summary>
    public static void Unshuffle(ReadOnlySpan<byte> source, Span<byte> destination, int elementSize)
    {
        int n = source.Length / elementSize;
        for (int b = 0; b < elementSize; b++)
        {
            var plane = source.Slice(b * n, n);
            for (int i = 0, to = b; i < n; i++, to += elementSize)
                destination[to] = plane[i];
        }
        source[(n * elementSize)..].CopyTo(destination[(n * elementSize)..]);
    }
}
