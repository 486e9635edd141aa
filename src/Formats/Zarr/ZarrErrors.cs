namespace Tessera.Formats.Zarr;

/// <summary>The errors a Zarr store raises: each names the file and says what to do.</summary>
internal static class ZarrErrors
{
    /// <summary>A zarr.json that does not follow the Zarr v3 core spec.</summary>
    public static InvalidInputException BadMetadata(string file, string problem) =>
        new(ErrorCode.InvalidArgument, $"{file}: {problem} Fix the metadata (it must follow the Zarr v3 core spec) or write the store again.");

    /// <summary>Something valid in Zarr v3 that Tessera cannot read.</summary>
    public static InvalidInputException Unsupported(string file, string what) =>
        new(ErrorCode.UnsupportedFormat, $"{file}: {what} Nothing was imported; rewrite the store with supported codecs (bytes, gzip, zstd, transpose, crc32c, sharding_indexed).");

    /// <summary>A chunk whose bytes cannot be decoded.</summary>
    public static InvalidInputException CorruptChunk(string file, string problem) =>
        new(ErrorCode.InvalidArgument, $"Chunk {file} is corrupt: {problem} Nothing was imported; copy or write the store again.");
}
