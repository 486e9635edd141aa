namespace Tessera;

/// <summary>The checksums Tessera computes, for format code outside Core (Zarr's crc32c codec).</summary>
public static class Checksums
{
    /// <summary>CRC-32C (Castagnoli), as iSCSI, ext4 and Zarr's crc32c codec use it.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data) => Tessera.Crc32C.Compute(data);
}
