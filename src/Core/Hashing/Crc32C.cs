using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Tessera;

/// <summary>
/// CRC-32C (Castagnoli). Every stored blob carries one so reads detect corruption at memory
/// speed; SHA-256 is re-checked by verify. Large buffers run three independent streams at once
/// (the crc32 instruction has a latency of 3 and a throughput of 1) and combine them.
/// </summary>
internal static class Crc32C
{
    private const uint Poly = 0x82F63B78u;
    private const int InterleaveThreshold = 4096;
    private static readonly uint[] Table = BuildTable();
    private static readonly uint[] PowersOfX = BuildPowers();

    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) => ~Update(Update(0xFFFFFFFFu, first), second);

    /// <summary>The byte-at-a-time reference, for tests of the fast paths.</summary>
    internal static uint ComputeReference(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (!Sse42.X64.IsSupported)
        {
            foreach (byte b in data)
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }
        if (data.Length >= InterleaveThreshold)
        {
            int part = (data.Length / 3) & ~7;
            var words = MemoryMarshal.Cast<byte, ulong>(data[..(3 * part)]);
            int n = part / 8;
            ulong a = crc, b = 0, c = 0;
            for (int i = 0; i < n; i++)
            {
                a = Sse42.X64.Crc32(a, words[i]);
                b = Sse42.X64.Crc32(b, words[n + i]);
                c = Sse42.X64.Crc32(c, words[(2 * n) + i]);
            }
            crc = Shift((uint)a, 2 * part) ^ Shift((uint)b, part) ^ (uint)c;
            data = data[(3 * part)..];
        }
        ulong crc64 = crc;
        while (data.Length >= 8)
        {
            crc64 = Sse42.X64.Crc32(crc64, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        crc = (uint)crc64;
        foreach (byte b in data)
            crc = Sse42.Crc32(crc, b);
        return crc;
    }

    /// <summary>The register after feeding <paramref name="bytes"/> zero bytes: crc × x^(8·bytes) mod P.</summary>
    private static uint Shift(uint crc, int bytes)
    {
        uint p = 1u << 31;
        int k = 3;
        for (long n = bytes; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0)
                p = MultiplyModP(PowersOfX[k & 31], p);
        }
        return MultiplyModP(p, crc);
    }

    private static uint MultiplyModP(uint a, uint b)
    {
        uint m = 1u << 31, p = 0;
        while (true)
        {
            if ((a & m) != 0)
            {
                p ^= b;
                if ((a & (m - 1)) == 0)
                    return p;
            }
            m >>= 1;
            b = (b & 1) != 0 ? (b >> 1) ^ Poly : b >> 1;
        }
    }

    /// <summary>x^(2^k) mod P for k = 0..31.</summary>
    private static uint[] BuildPowers()
    {
        var powers = new uint[32];
        uint p = 1u << 30;
        for (int k = 0; k < 32; k++)
        {
            powers[k] = p;
            p = MultiplyModP(p, p);
        }
        return powers;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? Poly ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
