namespace Tessera.Manifests;

/// <summary>Pages produced by one operation, written together in its transaction.</summary>
/// <param name="storeAhead">
/// Whether each page is compressed as it is added, on the adding thread, rather than in the
/// transaction that writes it (a batch built in the background while an import stages). Such a
/// batch keeps only the compressed form: the page's own bytes are not read again before it is
/// stored, and holding both kept ~60 MB more through an import of 2,000,000 rows.
/// </param>
internal sealed class PageBatch(bool storeAhead = false)
{
    private Dictionary<ObjectId, PendingPage> pages = [];

    /// <summary>The pages by id, each as given or as the page store keeps it.</summary>
    public IReadOnlyDictionary<ObjectId, PendingPage> Pages => this.pages;

    public ObjectId Add(byte[] data) => this.Add(data, data);

    /// <summary>Adds a page encoded into a scratch buffer, which is copied (or, stored ahead, only its stored form kept).</summary>
    public ObjectId Add(ReadOnlySpan<byte> data) => this.Add(data, null);

    private ObjectId Add(ReadOnlySpan<byte> data, byte[]? array)
    {
        var id = ObjectId.Hash(data);
        if (!this.pages.ContainsKey(id))
            this.pages[id] = storeAhead ? new PendingPage(Storage.PageStore.StoredForm(data), Stored: true) : new PendingPage(array ?? data.ToArray(), Stored: false);
        return id;
    }

    public int Count => this.pages.Count;

    /// <summary>The pages added so far, which the batch then no longer holds (they are being written).</summary>
    public IReadOnlyDictionary<ObjectId, PendingPage> Take()
    {
        var taken = this.pages;
        this.pages = [];
        return taken;
    }

    public void AddAll(PageBatch other)
    {
        foreach (var (id, page) in other.pages)
            this.pages.TryAdd(id, page);
    }
}

/// <summary>A page waiting to be written: its bytes, or (<paramref name="Stored"/>) the form the page store keeps.</summary>
internal readonly record struct PendingPage(byte[] Bytes, bool Stored);
