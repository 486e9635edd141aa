namespace Tessera.Manifests;

/// <summary>Pages produced by one operation, written together in its transaction.</summary>
internal sealed class PageBatch
{
    public Dictionary<ObjectId, byte[]> Pages { get; } = [];

    public ObjectId Add(byte[] data)
    {
        var id = ObjectId.Hash(data);
        this.Pages.TryAdd(id, data);
        return id;
    }

    public void AddAll(PageBatch other)
    {
        foreach (var (id, data) in other.Pages)
            this.Pages.TryAdd(id, data);
    }
}
