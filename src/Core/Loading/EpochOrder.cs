namespace Tessera.Loading;

/// <summary>
/// The order of an epoch: key order, or a permutation made by a Fisher–Yates shuffle driven by
/// xoshiro256** seeded (through SplitMix64) from the seed and the epoch, so it is the same on every
/// machine and .NET version; then every <c>worldSize</c>-th position from <c>rank</c>, so shards
/// never share a sample and together hold all of them.
/// </summary>
internal static class EpochOrder
{
    public static int[] Positions(int count, bool shuffle, ulong seed, int epoch, int rank, int worldSize)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
            order[i] = i;
        if (shuffle)
        {
            var random = new Xoshiro256(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(epoch + 1)));
            for (int i = count - 1; i > 0; i--)
            {
                int j = (int)random.Below((ulong)i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        if (worldSize == 1)
            return order;
        var shard = new int[(count - rank + worldSize - 1) / worldSize];
        for (int i = 0; i < shard.Length; i++)
            shard[i] = order[rank + (i * worldSize)];
        return shard;
    }

    /// <summary>xoshiro256** (Blackman and Vigna), seeded by SplitMix64.</summary>
    private struct Xoshiro256
    {
        private ulong s0, s1, s2, s3;

        public Xoshiro256(ulong seed)
        {
            this.s0 = SplitMix(ref seed);
            this.s1 = SplitMix(ref seed);
            this.s2 = SplitMix(ref seed);
            this.s3 = SplitMix(ref seed);
        }

        public ulong Next()
        {
            ulong result = ulong.RotateLeft(this.s1 * 5, 7) * 9;
            ulong t = this.s1 << 17;
            this.s2 ^= this.s0;
            this.s3 ^= this.s1;
            this.s1 ^= this.s2;
            this.s0 ^= this.s3;
            this.s2 ^= t;
            this.s3 = ulong.RotateLeft(this.s3, 45);
            return result;
        }

        /// <summary>Uniform in [0, bound) by rejection, without modulo bias.</summary>
        public ulong Below(ulong bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while (true)
            {
                ulong r = this.Next();
                if (r >= threshold)
                    return r % bound;
            }
        }

        private static ulong SplitMix(ref ulong state)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
