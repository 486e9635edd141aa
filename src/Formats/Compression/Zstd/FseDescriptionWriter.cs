namespace Tessera.Formats.Compression.Zstd;

/// <summary>
/// Normalizes symbol counts for an FSE table and writes the table description
/// (RFC 8878 §4.1.1), the inverse of <see cref="FseTable.Read"/>.
/// </summary>
internal static class FseDescriptionWriter
{
    /// <summary>
    /// Scales <paramref name="counts"/> to sum to 2^<paramref name="accuracyLog"/>, every present
    /// symbol getting at least one state; the most probable symbols absorb the rounding.
    /// </summary>
    public static short[] Normalize(ReadOnlySpan<int> counts, int accuracyLog)
    {
        int size = 1 << accuracyLog;
        long total = 0;
        foreach (int count in counts)
        {
            total += count;
        }
        var normalized = new short[counts.Length];
        int sum = 0;
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] > 0)
            {
                normalized[s] = (short)Math.Max(1, (counts[s] * (long)size + total / 2) / total);
                sum += normalized[s];
            }
        }
        while (sum != size)
        {
            int largest = 0;
            for (int s = 1; s < counts.Length; s++)
            {
                largest = normalized[s] > normalized[largest] ? s : largest;
            }
            int step = sum > size ? -1 : 1;
            normalized[largest] += (short)step;
            sum += step;
        }
        return normalized;
    }

    /// <summary>Writes the description of <paramref name="normalized"/> (all counts ≥ 0) and returns its length.</summary>
    public static int Write(ReadOnlySpan<short> normalized, int accuracyLog, Span<byte> destination)
    {
        var bits = new BitWriter(destination);
        bits.Add((ulong)(accuracyLog - 5), 4);
        int remaining = (1 << accuracyLog) + 1;
        int threshold = 1 << accuracyLog;
        int nbBits = accuracyLog + 1;
        int symbol = 0;
        bool previousZero = false;
        while (remaining > 1)
        {
            if (previousZero)
            {
                // Further zeros are counted in 2-bit flags, a 3 meaning "three more and go on".
                int run = 0;
                while (normalized[symbol + run] == 0)
                {
                    run++;
                }
                symbol += run;
                for (; run >= 3; run -= 3)
                {
                    bits.Add(3, 2);
                }
                bits.Add((ulong)run, 2);
            }
            int count = normalized[symbol++];
            int max = 2 * threshold - 1 - remaining;
            remaining -= count;
            // Values below max fit one bit less; the reader tells them apart by their low bits.
            int value = count + 1;
            if (value >= threshold)
            {
                value += max;
            }
            bits.Add((ulong)value, value < max ? nbBits - 1 : nbBits);
            previousZero = count == 0;
            while (remaining < threshold)
            {
                nbBits--;
                threshold >>= 1;
            }
        }
        return bits.CloseWithoutMarker();
    }
}
