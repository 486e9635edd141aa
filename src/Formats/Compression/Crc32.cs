using System.Runtime.InteropServices;

namespace Tessera.Formats.Compression;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum Parquet page headers
/// and gzip use. Large buffers go to the zlib-ng bundled with .NET (carry-less multiply, many
/// GB/s: checking every page of a 1 GB file then costs little); otherwise, and for short buffers,
/// slicing-by-8. Both give the same value (checked at load and in tests).
/// </summary>
public static unsafe class Crc32
{
    private const int NativeFrom = 512;
    private static readonly uint[] Table = BuildTable();
    private static readonly delegate* unmanaged<uint, byte*, int, uint> Native = LoadNative();

    /// <summary>Computes the CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC-32 computed over earlier bytes with <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        if (Native != null && data.Length >= NativeFrom)
        {
            fixed (byte* p = data)
                return Native(crc, p, data.Length);
        }
        return AppendTable(crc, data);
    }

    /// <summary>The table implementation alone (what tests compare the native path against).</summary>
    internal static uint AppendTable(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        crc = ~crc;
        while (data.Length >= 8)
        {
            uint low = crc ^ (uint)(data[0] | data[1] << 8 | data[2] << 16 | data[3] << 24);
            uint high = (uint)(data[4] | data[5] << 8 | data[6] << 16 | data[7] << 24);
            crc = table[7 * 256 + (low & 0xFF)] ^ table[6 * 256 + ((low >> 8) & 0xFF)]
                ^ table[5 * 256 + ((low >> 16) & 0xFF)] ^ table[4 * 256 + (low >> 24)]
                ^ table[3 * 256 + (high & 0xFF)] ^ table[2 * 256 + ((high >> 8) & 0xFF)]
                ^ table[1 * 256 + ((high >> 16) & 0xFF)] ^ table[high >> 24];
            data = data[8..];
        }
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }

    /// <summary>zlib's <c>crc32(crc, buf, len)</c> as exported by .NET's compression library, if it loads and agrees with the table.</summary>
    private static delegate* unmanaged<uint, byte*, int, uint> LoadNative()
    {
        if (!NativeLibrary.TryLoad("libSystem.IO.Compression.Native", typeof(Crc32).Assembly, null, out var lib)
            || !NativeLibrary.TryGetExport(lib, "CompressionNative_Crc32", out var export))
        {
            return null;
        }
        var native = (delegate* unmanaged<uint, byte*, int, uint>)export;
        var probe = new byte[NativeFrom + 7];
        for (int i = 0; i < probe.Length; i++)
            probe[i] = (byte)(i * 131 + 17);
        fixed (byte* p = probe)
            return native(0x12345678u, p, probe.Length) == AppendTable(0x12345678u, probe) ? native : null;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        for (int slice = 1; slice < 8; slice++)
        {
            for (int i = 0; i < 256; i++)
            {
                uint previous = table[(slice - 1) * 256 + i];
                table[slice * 256 + i] = table[previous & 0xFF] ^ (previous >> 8);
            }
        }
        return table;
    }
}
