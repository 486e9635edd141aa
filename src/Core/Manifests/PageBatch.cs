namespace Tessera.Manifests;

/// <summary>Pages produced by one operation, written together in its transaction.</summary>
/// <param name="storeAhead">
/// Whether each page is also compressed as it is added, on the adding thread, rather than in the
/// transaction that writes it (a batch built in the background while an import stages).
/// </param>
internal sealed class PageBatch(bool storeAhead = false)
{
    public Dictionary<ObjectId, byte[]> Pages { get; } = [];

    /// <summary>Pages' bytes as the page store keeps them (compressed), for those compressed ahead.</summary>
    public Dictionary<ObjectId, byte[]> StoredForms { get; } = [];

    public ObjectId Add(byte[] data)
    {
        var id = ObjectId.Hash(data);
        if (this.Pages.TryAdd(id, data) && storeAhead)
            this.StoredForms[id] = Storage.PageStore.StoredForm(data);
        return id;
    }

    public void AddAll(PageBatch other)
    {
        foreach (var (id, data) in other.Pages)
            this.Pages.TryAdd(id, data);
        foreach (var (id, stored) in other.StoredForms)
            this.StoredForms.TryAdd(id, stored);
    }
}
