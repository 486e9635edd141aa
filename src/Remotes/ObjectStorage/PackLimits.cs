namespace Tessera.Remotes.ObjectStorage;

/// <summary>
/// Sizes of the pack layout. Packs of 16 MiB keep a 60 MB push spread over four uploads in
/// parallel while a 1 GB push is still only some sixty packs to list; ranges closer than 1 MiB are
/// read in one GET, because on real object storage a request costs about what 1–5 MB of transfer does.
/// </summary>
internal sealed record PackLimits(int PackBytes = 16 << 20, int UploadsInFlight = 4, int ReadsInFlight = 8, int RangeGap = 1 << 20, int RangeBytes = 8 << 20)
{
    public static PackLimits Default { get; } = new();
}
