namespace Tessera.Remotes.ObjectStorage;

/// <summary>An object found through an index: the pack that holds it and where.</summary>
internal readonly record struct PackedObject(string PackKey, PackEntry Entry);

/// <summary>
/// The union of the bucket's pack indexes: what the remote holds. Listed and read once per store
/// (a push asks "have?" thousands of times), then read again only for indexes not seen yet, when
/// an id is not found where it must be. An object is held exactly when an index names it, and an
/// index is written after its pack, so a held object's bytes are complete.
/// </summary>
internal sealed class PackCatalog(S3Bucket bucket, string packsPrefix)
{
    /// <summary>Index reads in flight while loading; each is one small GET.</summary>
    private const int Parallel = 8;

    private readonly Dictionary<(ObjectKind, ObjectId), PackedObject> objects = [];
    private readonly HashSet<string> indexesRead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PackEntry>> packs = new(StringComparer.Ordinal);
    private bool loaded;

    public bool TryFind(ObjectKind kind, ObjectId id, out PackedObject found)
    {
        if (!this.loaded)
            this.Refresh();
        return this.objects.TryGetValue((kind, id), out found);
    }

    /// <summary>The ids of every object of <paramref name="kind"/> the indexes name.</summary>
    public List<ObjectId> Ids(ObjectKind kind)
    {
        if (!this.loaded)
            this.Refresh();
        return this.objects.Keys.Where(k => k.Item1 == kind).Select(k => k.Item2).ToList();
    }

    /// <summary>Every indexed pack and all its entries (an object may lie in more than one pack).</summary>
    public IReadOnlyDictionary<string, List<PackEntry>> Packs
    {
        get
        {
            if (!this.loaded)
                this.Refresh();
            return this.packs;
        }
    }

    /// <summary>Reads the indexes written since the last look (by other pushes).</summary>
    public void Refresh()
    {
        var keys = S3Bucket.Wait(bucket.ListAsync(packsPrefix))
            .Where(k => k.EndsWith(PackIndex.IndexSuffix, StringComparison.Ordinal) && !this.indexesRead.Contains(k))
            .ToList();
        var indexes = S3Bucket.Wait(Task.Run(async () =>
        {
            var result = new (string Key, List<PackEntry> Entries)[keys.Count];
            await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallel },
                async (i, _) => result[i] = (keys[i], await this.ReadIndexAsync(keys[i]).ConfigureAwait(false))).ConfigureAwait(false);
            return result;
        }));
        foreach (var (key, entries) in indexes)
            this.Add(key[..^PackIndex.IndexSuffix.Length] + PackIndex.PackSuffix, entries);
        this.loaded = true;
    }

    /// <summary>Records a pack this store has just indexed, so its objects count as held without listing again.</summary>
    public void Add(string packKey, IEnumerable<PackEntry> entries)
    {
        this.indexesRead.Add(packKey[..^PackIndex.PackSuffix.Length] + PackIndex.IndexSuffix);
        var list = entries.ToList();
        this.packs[packKey] = list;
        foreach (var entry in list)
            this.objects.TryAdd((entry.Kind, entry.Id), new PackedObject(packKey, entry));
    }

    private async Task<List<PackEntry>> ReadIndexAsync(string key)
    {
        string where = $"{bucket.Url}: {key}";
        var name = key[packsPrefix.Length..^PackIndex.IndexSuffix.Length];
        if (!ObjectId.TryParse(name, out var pack))
            throw new CorruptObjectException($"{where} is not named after its pack's SHA-256. Delete it, then push again from a complete repository.");
        // Deleted between the listing and the read (someone cleaning up): it holds nothing then.
        var read = await bucket.GetAsync(key).ConfigureAwait(false);
        return read is { } r ? PackIndex.Decode(r.Data, pack, where) : [];
    }
}
