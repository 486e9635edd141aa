namespace Tessera.Remotes.ObjectStorage;

/// <summary>One pack being filled: the objects' stored bytes back to back, and where each lies.</summary>
internal sealed class PackBuffer(int capacity)
{
    private readonly MemoryStream bytes = new(capacity);

    public List<PackEntry> Entries { get; } = [];

    /// <summary>True once a page or commit is in the pack: it then depends on everything sent before it.</summary>
    public bool HoldsBookkeeping { get; private set; }

    public long Length => this.bytes.Length;

    public ArraySegment<byte> Bytes => new(this.bytes.GetBuffer(), 0, (int)this.bytes.Length);

    public void Add(TransferObject obj)
    {
        this.Entries.Add(new PackEntry(obj.Kind, obj.Id, obj.Codec, this.bytes.Length, obj.Data.Length));
        this.bytes.Write(obj.Data.Span);
        this.HoldsBookkeeping |= obj.Kind != ObjectKind.Blob;
    }
}
