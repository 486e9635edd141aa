using System.Buffers;
using Tessera.Formats.Parquet.Codecs;
using Tessera.Formats.Parquet.Metadata;

namespace Tessera.Formats.Parquet.Writing;

/// <summary>
/// The buffers one writer encodes and compresses pages into, reused page after page and chunk
/// after chunk: a page is about a megabyte, and fresh arrays for each would be large-object
/// allocations, zeroed and page-faulted every time (most of the writer's CPU before).
/// </summary>
internal sealed class PageBuffers
{
    private byte[] compressed = [];

    /// <summary>A v1 page's body (levels, then values), or a v2 page's values.</summary>
    public ArrayBufferWriter<byte> Body { get; } = new();

    /// <summary>A v2 page's repetition levels.</summary>
    public ArrayBufferWriter<byte> Repetitions { get; } = new();

    /// <summary>A v2 page's definition levels.</summary>
    public ArrayBufferWriter<byte> Definitions { get; } = new();

    /// <summary>Empties the buffers for the next page; their storage stays.</summary>
    public void Reset()
    {
        Body.ResetWrittenCount();
        Repetitions.ResetWrittenCount();
        Definitions.ResetWrittenCount();
    }

    /// <summary><paramref name="source"/> compressed with <paramref name="codec"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Compress(CompressionCodec codec, ReadOnlySpan<byte> source) =>
        PageCompressor.Compress(codec, source, ref this.compressed);
}
