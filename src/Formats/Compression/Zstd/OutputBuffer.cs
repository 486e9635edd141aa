namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// The decompressed bytes of all frames so far. Matches reference earlier output directly, so
/// the whole output is the window. Either fixed (caller-sized) or growing up to a limit.
/// </summary>
internal sealed class OutputBuffer(byte[] buffer, bool canGrow, int limit)
{
    public byte[] Buffer { get; private set; } = buffer;
    public int Length { get; set; }

    /// <summary>Makes room for <paramref name="count"/> more bytes or throws if the limit is reached.</summary>
    public void EnsureRoom(int count)
    {
        long needed = (long)Length + count;
        if (needed <= Buffer.Length)
        {
            return;
        }
        if (!canGrow || needed > limit)
        {
            throw new InvalidDataException(
                $"ZSTD data decompresses to more than the expected {(canGrow ? limit : Buffer.Length)} bytes.");
        }
        long grown = Math.Min(limit, Math.Max(needed, Buffer.Length * 2L));
        var bigger = new byte[grown];
        Buffer.AsSpan(0, Length).CopyTo(bigger);
        Buffer = bigger;
    }
}
