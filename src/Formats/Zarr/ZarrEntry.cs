namespace Tessera.Formats.Zarr;

/// <summary>One value of a <see cref="ZarrView"/> (a zarr.json or a chunk), its bytes computed when read.</summary>
public sealed class ZarrEntry
{
    private readonly Func<byte[]> read;

    internal ZarrEntry(string key, string tag, Func<byte[]> read)
    {
        this.Key = key;
        this.Tag = tag;
        this.read = read;
    }

    internal ZarrEntry(string key, byte[] bytes)
        : this(key, ObjectId.Hash(bytes).ToString(), () => bytes)
    {
    }

    /// <summary>The key within the store, e.g. <c>zarr.json</c>, <c>images/c/0/0/0</c>.</summary>
    public string Key { get; }

    /// <summary>
    /// Names the content, read or not: an array chunk's content id; for a chunk of a column, the hash
    /// of its samples' ids; for metadata, the SHA-256 of its bytes. Equal tags, equal bytes.
    /// </summary>
    public string Tag { get; }

    public bool IsMetadata => this.Key == ZarrStore.MetadataFile || this.Key.EndsWith("/" + ZarrStore.MetadataFile, StringComparison.Ordinal);

    /// <summary>The bytes, as the store file of an export holds them.</summary>
    public byte[] Read() => this.read();
}
