using Tessera.Remotes.Collection;

namespace Tessera.Remotes.ObjectStorage;

/// <summary>
/// Remote gc of a bucket (design note 015). <see cref="CollectionPlan"/> says which objects go; a
/// pack whose objects all go is retired, a pack where they are at least a quarter of the bytes is
/// rewritten, and so are the small packs many small pushes leave (once older than the grace
/// period, when there are several). Rewriting copies the objects that stay into new packs, indexed
/// before the old index is deleted, so every object that stays is indexed at every moment. A
/// retired pack loses its index at once (new readers no longer see it) and its bytes a grace
/// period later (readers that listed the index before keep reading them meanwhile).
/// </summary>
internal sealed class S3Collection(S3Bucket bucket, string prefix, PackLimits limits)
{
    /// <summary>The state's bytes as last read or written.</summary>
    private byte[]? stored;

    private string Packs => prefix + "packs/";

    public string StateKey => prefix + "gc/state";

    /// <summary>
    /// The state of the last run. Every run rewrites it, and on storage without atomic overwrites
    /// (s3rver) a read can race the rewrite and come back torn: such a read is tried again.
    /// </summary>
    public RemoteGcState ReadState()
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var read = S3Bucket.Wait(bucket.GetAsync(this.StateKey));
                var state = read is { } r ? RemoteGcState.Decode(r.Data, $"{bucket.Url}: {this.StateKey}") : RemoteGcState.Empty;
                this.stored = read?.Data ?? state.Encode();
                return state;
            }
            catch (TesseraException ex) when (ex.Code is ErrorCode.RemoteError or ErrorCode.CorruptObject && attempt < 3)
            {
                Thread.Sleep(50 * attempt);
            }
        }
    }

    public RemoteGcResult Run(IRemoteStore store, string remote, TimeSpan grace)
    {
        var now = DateTimeOffset.UtcNow;
        var previous = this.ReadState();
        var catalog = new PackCatalog(bucket, this.Packs);
        var packs = catalog.Packs.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var files = S3Bucket.Wait(bucket.ListDetailedAsync(this.Packs)).ToDictionary(f => f.Key, StringComparer.Ordinal);
        var held = packs.Values.SelectMany(e => e).Select(e => (e.Kind, e.Id)).Distinct().ToList();
        var plan = CollectionPlan.Make(store, held, previous, now, grace);

        bool Dead(PackEntry e) => plan.Delete.Contains((e.Kind, e.Id));
        bool Old(string pack) => files.TryGetValue(pack, out var f) && now - f.LastModified >= grace;
        var retire = packs.Where(p => p.Value.All(Dead)).Select(p => p.Key).ToList();
        var rewrite = packs.Where(p => !retire.Contains(p.Key) && 4 * p.Value.Where(Dead).Sum(e => (long)e.Length) >= p.Value.Sum(e => (long)e.Length)).Select(p => p.Key).ToList();
        var small = packs.Keys.Where(p => !retire.Contains(p) && !rewrite.Contains(p) && Old(p) && files[p].Size < limits.PackBytes / 4).ToList();
        if (small.Count > 1)
            rewrite.AddRange(small);

        var staying = rewrite.SelectMany(p => packs[p].Where(e => !Dead(e)).Select(e => new PackedObject(p, e))).DistinctBy(o => (o.Entry.Kind, o.Entry.Id)).ToList();
        if (staying.Count > 0)
        {
            // Samples first, then pages and commits: the order every pack is written in.
            var ordered = staying.OrderBy(o => o.Entry.Kind == ObjectKind.Blob ? 0 : 1);
            new PackWriter(bucket, this.Packs, limits, new PackCatalog(bucket, this.Packs)).Write(new PackReader(bucket, limits).Read(ordered));
        }

        var gone = retire.Concat(rewrite).ToHashSet(StringComparer.Ordinal);
        var remaining = packs.Where(p => !gone.Contains(p.Key)).SelectMany(p => p.Value).Select(e => (e.Kind, e.Id)).ToHashSet();
        var deleted = plan.Delete.Where(d => !remaining.Contains(d)).ToList();
        var next = new RemoteGcState();
        foreach (var (key, seen) in plan.Next.Unreachable)
            next.Unreachable[key] = seen;
        foreach (var kept in plan.Delete.Where(remaining.Contains))
            next.Unreachable[kept] = previous.Unreachable[kept];
        foreach (var (pack, retired) in previous.RetiredPacks.Where(r => files.ContainsKey(r.Key)))
            next.RetiredPacks[pack] = retired;
        foreach (var pack in gone)
            next.RetiredPacks[pack] = now;

        // Record the retirements (still hiding what the old state hid) before any index goes.
        this.WriteState(FolderRemote.Union(previous, next));
        foreach (var pack in gone)
            S3Bucket.Wait(bucket.DeleteAsync(IndexOf(pack)));
        long freed = 0;
        int packsDeleted = 0;
        var indexed = packs.Keys.Where(p => !gone.Contains(p)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in files.Values.Where(f => f.Key.EndsWith(PackIndex.PackSuffix, StringComparison.Ordinal) && !indexed.Contains(f.Key)))
        {
            // Retired a grace period ago, or never indexed (a push that failed) and that old.
            var since = next.RetiredPacks.TryGetValue(file.Key, out var retired) ? retired : file.LastModified;
            if (now - since < grace || (!next.RetiredPacks.ContainsKey(file.Key) && files.ContainsKey(IndexOf(file.Key))))
                continue;
            S3Bucket.Wait(bucket.DeleteAsync(file.Key));
            next.RetiredPacks.Remove(file.Key);
            freed += file.Size + (files.TryGetValue(IndexOf(file.Key), out var index) ? index.Size : 0);
            packsDeleted++;
        }
        this.WriteState(next);
        return new RemoteGcResult(remote, grace,
            deleted.Count(d => d.Kind == ObjectKind.Commit), deleted.Count(d => d.Kind == ObjectKind.Page), deleted.Count(d => d.Kind == ObjectKind.Blob),
            freed, rewrite.Count, packsDeleted, next.Unreachable.Count);
    }

    private static string IndexOf(string pack) => pack[..^PackIndex.PackSuffix.Length] + PackIndex.IndexSuffix;

    /// <summary>Writes the state unless it is what the bucket holds (every rewrite is a chance for a torn read on s3rver).</summary>
    private void WriteState(RemoteGcState state)
    {
        var bytes = state.Encode();
        if (this.stored is not null && bytes.AsSpan().SequenceEqual(this.stored))
            return;
        S3Bucket.Wait(bucket.PutAsync(this.StateKey, bytes));
        this.stored = bytes;
    }
}
