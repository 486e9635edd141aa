using System.IO.Compression;
using Tessera.Formats.Compression;

namespace Tessera.Formats.Zarr;

/// <summary>The <c>gzip</c> codec (RFC 1952), decoded by .NET's GZipStream.</summary>
internal sealed class GzipCodec : IBytesToBytesCodec
{
    public string Name => "gzip";

    public long? EncodedSize(long size) => null;

    public byte[] Decode(byte[] encoded, long? expectedSize, string file)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(encoded), CompressionMode.Decompress);
            using var output = new MemoryStream();
            // One byte past the expected size is enough to tell that the chunk is too long.
            long limit = expectedSize + 1 ?? Array.MaxLength;
            var buffer = new byte[81920];
            int read;
            while (output.Length < limit && (read = gzip.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - output.Length))) > 0)
                output.Write(buffer, 0, read);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw ZarrErrors.CorruptChunk(file, $"gzip cannot decode it ({ex.Message}).");
        }
    }
}

/// <summary>The <c>zstd</c> codec (RFC 8878), decoded by libzstd (ZstdNet).</summary>
internal sealed class ZstdCodec : IBytesToBytesCodec
{
    public string Name => "zstd";

    public long? EncodedSize(long size) => null;

    public byte[] Decode(byte[] encoded, long? expectedSize, string file)
    {
        try
        {
            return Zstd.Decompress(encoded, (int)Math.Min(expectedSize + 1 ?? Array.MaxLength, Array.MaxLength));
        }
        catch (InvalidDataException ex)
        {
            throw ZarrErrors.CorruptChunk(file, $"zstd cannot decode it ({ex.Message}).");
        }
    }
}
