using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tessera.Formats.Parquet.Encodings;

/// <summary>Little-endian (LSB-first) bit packing as used by the RLE hybrid and delta encodings.</summary>
internal static class BitPacking
{
    /// <summary>Reads <paramref name="width"/> (0..64) bits starting at <paramref name="bitPosition"/>; bits past the end read as 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Read(ReadOnlySpan<byte> source, long bitPosition, int width)
    {
        if (width == 0)
        {
            return 0;
        }
        int byteIndex = (int)(bitPosition >> 3);
        int shift = (int)(bitPosition & 7);
        if (width <= 56 && byteIndex + 8 <= source.Length)
        {
            return (BinaryPrimitives.ReadUInt64LittleEndian(source[byteIndex..]) >> shift) & Mask(width);
        }
        ulong low = ReadWordSafe(source, byteIndex) >> shift;
        if (shift + width > 64)
        {
            low |= (ulong)(byteIndex + 8 < source.Length ? source[byteIndex + 8] : 0) << (64 - shift);
        }
        return low & Mask(width);
    }

    /// <summary>Unpacks <paramref name="output"/>.Length values of <paramref name="width"/> bits (0..32, at most the size of <typeparamref name="T"/>).</summary>
    // Optimized from its first call: an import calls it for every page of levels and dictionary
    // indices from its first row group, while the runtime's tiering keeps it unoptimized for most of a
    // process's first import ("A process's first import" in docs/performance.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unpack<T>(ReadOnlySpan<byte> source, int width, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (width == 0)
        {
            output.Clear();
            return;
        }
        if (width == 1 && typeof(T) == typeof(short))
        {
            UnpackBits(source, MemoryMarshal.Cast<T, short>(output));
            return;
        }
        // While a whole 8-byte word from the value's first byte lies inside the source, read it
        // unaligned and shift: width ≤ 32 and a shift ≤ 7 keep the value inside that word.
        uint mask = width == 32 ? uint.MaxValue : (1u << width) - 1;
        ref byte first = ref MemoryMarshal.GetReference(source);
        ref T target = ref MemoryMarshal.GetReference(output);
        long lastWordByte = (long)source.Length - 8;
        int i = 0;
        long bit = 0;
        for (; i < output.Length && (bit >> 3) <= lastWordByte; i++, bit += width)
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, (nint)(bit >> 3)));
            Unsafe.Add(ref target, i) = T.CreateTruncating((uint)(word >> (int)(bit & 7)) & mask);
        }
        for (; i < output.Length; i++, bit += width)
        {
            output[i] = T.CreateTruncating(Read(source, bit, width));
        }
    }

    /// <summary>
    /// Levels of one bit (a list's repetition levels, an optional column's definition levels), eight
    /// to a source byte, each byte's eight levels copied from a table at once: a level at a time they
    /// took as long to unpack as the dictionary indices of a float32[16] column of 14 bits.
    /// </summary>
    private static void UnpackBits(ReadOnlySpan<byte> source, Span<short> output)
    {
        var table = BitLevels;
        int whole = Math.Min(output.Length / 8, source.Length);
        ref short target = ref MemoryMarshal.GetReference(output);
        for (int b = 0; b < whole; b++)
        {
            Unsafe.WriteUnaligned(ref Unsafe.As<short, byte>(ref Unsafe.Add(ref target, b * 8)), table[source[b]]);
        }
        for (int i = whole * 8; i < output.Length; i++)
        {
            output[i] = (short)Read(source, i, 1);
        }
    }

    /// <summary>Each byte's eight bits, least significant first, as eight 16-bit levels.</summary>
    private static readonly Int128[] BitLevels = [.. Enumerable.Range(0, 256).Select(b =>
    {
        Span<short> levels = stackalloc short[8];
        for (int i = 0; i < 8; i++)
            levels[i] = (short)((b >> i) & 1);
        return MemoryMarshal.Read<Int128>(MemoryMarshal.AsBytes(levels));
    })];

    /// <summary>
    /// Packs values of <paramref name="width"/> bits (0..64) into <paramref name="destination"/> (zeroed
    /// by the caller), read as they are: levels (shorts) and dictionary indices (ints) need no widened copy.
    /// </summary>
    public static void Pack<T>(ReadOnlySpan<T> values, int width, Span<byte> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (width <= 32)
        {
            PackNarrow(values, width, destination);
            return;
        }
        long bit = 0;
        foreach (T value in values)
        {
            ulong v = ulong.CreateTruncating(value) & Mask(width);
            for (int written = 0; written < width;)
            {
                int byteIndex = (int)(bit >> 3);
                int offset = (int)(bit & 7);
                int take = Math.Min(8 - offset, width - written);
                destination[byteIndex] |= (byte)(((v >> written) & Mask(take)) << offset);
                written += take;
                bit += take;
            }
        }
    }

    /// <summary>Widths up to 32: values gather in a 64-bit accumulator that is flushed 32 bits at a time.</summary>
    private static void PackNarrow<T>(ReadOnlySpan<T> values, int width, Span<byte> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        ulong mask = Mask(width), pending = 0;
        int pendingBits = 0, written = 0;
        foreach (T value in values)
        {
            pending |= (ulong.CreateTruncating(value) & mask) << pendingBits;
            pendingBits += width;
            if (pendingBits >= 32)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination[written..], (uint)pending);
                written += 4;
                pending >>= 32;
                pendingBits -= 32;
            }
        }
        for (; pendingBits > 0; pendingBits -= 8, pending >>= 8)
        {
            destination[written++] = (byte)pending;
        }
    }

    public static int BitWidth(ulong maxValue) => maxValue == 0 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(maxValue);

    private static ulong Mask(int width) => width >= 64 ? ulong.MaxValue : (1UL << width) - 1;

    private static ulong ReadWordSafe(ReadOnlySpan<byte> source, int byteIndex)
    {
        if (byteIndex + 8 <= source.Length)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(source[byteIndex..]);
        }
        ulong word = 0;
        for (int i = Math.Min(source.Length, byteIndex + 8) - 1; i >= byteIndex; i--)
        {
            word = word << 8 | source[i];
        }
        return word;
    }
}
