namespace Tessera.Remotes;

/// <summary>Splits work into requests of bounded size, so no transfer holds more than one batch in flight.</summary>
internal static class Batches
{
    /// <summary>Ids per "have?" or "get" request: 32 bytes each, so a request body stays near 512 KiB.</summary>
    public const int Ids = 16_384;

    public static IEnumerable<List<ObjectId>> Of(IEnumerable<ObjectId> ids, int size = Ids) =>
        ids.Chunk(size).Select(chunk => chunk.ToList());

    /// <summary>The ids of <paramref name="ids"/> that <paramref name="store"/> lacks, asked in batches.</summary>
    public static List<ObjectId> Missing(IRemoteStore store, ObjectKind kind, IEnumerable<ObjectId> ids)
    {
        var missing = new List<ObjectId>();
        foreach (var batch in Of(ids))
        {
            var have = store.Have(kind, batch);
            missing.AddRange(batch.Where(id => !have.Contains(id)));
        }
        return missing;
    }

    /// <summary>Streams objects from <paramref name="store"/> batch by batch.</summary>
    public static IEnumerable<TransferObject> Get(IRemoteStore store, ObjectKind kind, IEnumerable<ObjectId> ids) =>
        Of(ids).SelectMany(batch => store.Get(kind, batch));
}
