namespace Tessera.Formats.NumPy;

/// <summary>The six bytes every <c>.npy</c> file starts with.</summary>
internal static class NpyMagic
{
    public static ReadOnlySpan<byte> Bytes => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
}
