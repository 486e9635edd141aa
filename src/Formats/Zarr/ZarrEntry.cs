namespace Tessera.Formats.Zarr;

/// <summary>One value of a <see cref="ZarrView"/> (a zarr.json or a chunk), its bytes computed when written.</summary>
public sealed class ZarrEntry
{
    private readonly Func<Stream, CancellationToken, Task> write;

    /// <param name="write">Writes the bytes; whatever can fail (a sample not stored here) fails before the first byte is written.</param>
    internal ZarrEntry(string key, string tag, Func<Stream, CancellationToken, Task> write)
    {
        this.Key = key;
        this.Tag = tag;
        this.write = write;
    }

    internal ZarrEntry(string key, byte[] bytes)
        : this(key, ObjectId.Hash(bytes).ToString(), (stream, cancel) => stream.WriteAsync(bytes, cancel).AsTask())
    {
    }

    /// <summary>The key within the store, e.g. <c>zarr.json</c>, <c>images/c/0/0/0</c>.</summary>
    public string Key { get; }

    /// <summary>
    /// Names the content, written or not: an array chunk's content id; for a chunk of a column, the
    /// hash of its samples' ids; for metadata and listings, the SHA-256 of the bytes. Equal tags, equal bytes.
    /// </summary>
    public string Tag { get; }

    public bool IsMetadata => this.Key == ZarrStore.MetadataFile || this.Key.EndsWith("/" + ZarrStore.MetadataFile, StringComparison.Ordinal);

    /// <summary>Writes the bytes, as the store file of an export holds them, while they are encoded.</summary>
    public Task WriteToAsync(Stream destination, CancellationToken cancel = default) => this.write(destination, cancel);

    /// <summary>The bytes, as the store file of an export holds them.</summary>
    public byte[] Read()
    {
        var bytes = new MemoryStream();
        this.WriteToAsync(bytes).GetAwaiter().GetResult();
        return bytes.ToArray();
    }
}
