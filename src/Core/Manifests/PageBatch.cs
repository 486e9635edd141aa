namespace Tessera.Manifests;

/// <summary>Pages produced by one operation, written together in its transaction.</summary>
internal sealed class PageBatch
{
    public Dictionary<ObjectId, byte[]> Pages { get; } = [];

    /// <summary>Pages' bytes as the page store keeps them (compressed), for those computed ahead (<see cref="StoreAhead"/>).</summary>
    public Dictionary<ObjectId, byte[]> StoredForms { get; } = [];

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
        foreach (var (id, stored) in other.StoredForms)
            this.StoredForms.TryAdd(id, stored);
    }

    /// <summary>Compresses the pages added since the last call now, on this thread, rather than in the transaction that writes them.</summary>
    public void StoreAhead()
    {
        foreach (var (id, data) in this.Pages)
        {
            if (!this.StoredForms.ContainsKey(id))
                this.StoredForms[id] = Storage.PageStore.StoredForm(data);
        }
    }
}
