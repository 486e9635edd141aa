using Tessera.Storage;

namespace Tessera;

/// <summary>What gc removed (or, in a dry run, would remove).</summary>
public sealed record GcResult(bool DryRun, int Commits, int Pages, long Blobs, long BytesFreed, int PacksRewritten)
{
    /// <summary>The disk had no room to rewrite packs holding live and dead blobs: those were left for a later gc.</summary>
    public bool RewriteSkipped { get; init; }
}

/// <summary>
/// Removes commits, pages and blobs that no branch, tag, staging area or merge in progress
/// reaches, nor (unless told) the ref log of the last 30 days, so that a reset can be undone. It holds the writer lock. Packs with dead blobs are rewritten: live blobs are copied
/// to a new pack and synced, the index is swapped in one transaction, and only then are the old
/// packs deleted, so a crash leaves either the old or the new packs fully indexed.
/// </summary>
internal static class GarbageCollector
{
    /// <summary>
    /// Holds the writer lock while it runs. A real run opens the writer, which first discards what
    /// an interrupted operation wrote (on a full disk, that is often what fills it); a dry run
    /// changes nothing.
    /// </summary>
    public static GcResult Run(Repository repo, bool dryRun, IProgress<double>? progress, bool keepRefLogCommits) =>
        Run(repo, dryRun, progress, () => Reachability.Compute(repo, keepRefLogCommits));

    /// <summary>
    /// Removes exactly the objects of <paramref name="remove"/> that nothing reaches now (a remote's
    /// collection decides what may go by its own rules; the refs read under the lock still win).
    /// </summary>
    public static GcResult Remove(Repository repo, IReadOnlySet<ObjectId> remove) => Run(repo, dryRun: false, progress: null, () =>
    {
        var keep = Reachability.Compute(repo, keepRefLogCommits: false);
        keep.Commits.UnionWith(repo.CommitStore.All().Where(id => !remove.Contains(id)));
        keep.Pages.UnionWith(repo.Pages.List().Select(p => p.Id).Where(id => !remove.Contains(id)));
        keep.Blobs.UnionWith(repo.Index.Snapshot().Select(b => b.Key).Where(id => !remove.Contains(id)));
        return keep;
    });

    private static GcResult Run(Repository repo, bool dryRun, IProgress<double>? progress, Func<Reachability> keep)
    {
        if (!dryRun)
        {
            using var writer = new WriteCheckout(repo, new WriterOptions { AllowDetached = true });
            return Collect(repo, dryRun, progress, keep());
        }
        var (token, _) = WriterLock.Acquire(repo.Db, force: false);
        try
        {
            return Collect(repo, dryRun, progress, keep());
        }
        finally
        {
            WriterLock.Release(repo.Db, token);
        }
    }

    private static unsafe GcResult Collect(Repository repo, bool dryRun, IProgress<double>? progress, Reachability reach)
    {
        var deadCommits = repo.CommitStore.All().Where(id => !reach.Commits.Contains(id)).ToList();
        var deadPages = repo.Pages.List().Where(p => !reach.Pages.Contains(p.Id)).ToList();
        var blobs = repo.Index.Snapshot();
        var dead = blobs.Where(b => !reach.Blobs.Contains(b.Key)).ToList();
        long freed = deadPages.Sum(p => p.Size) + dead.Sum(b => (long)b.Value.Length);
        var affectedPacks = dead.Select(b => b.Value.Pack).ToHashSet();
        if (dryRun || deadCommits.Count + deadPages.Count + dead.Count == 0)
            return new GcResult(dryRun, deadCommits.Count, deadPages.Count, dead.Count, freed, dryRun ? affectedPacks.Count : 0);

        var live = blobs.Where(b => reach.Blobs.Contains(b.Key)).ToList();
        bool rewriteSkipped = false;
        var moved = new List<(ObjectId Id, BlobLocation Location)>();
        int newPack;
        lock (repo.Db.Gate)
        {
            newPack = Convert.ToInt32(repo.Db.Scalar("SELECT coalesce(max(id), 0) + 1 FROM packs"), System.Globalization.CultureInfo.InvariantCulture);
        }
        var toCopy = live.Where(b => affectedPacks.Contains(b.Value.Pack)).ToList();
        if (toCopy.Count > 0 && !TryCopy(repo, toCopy, newPack, moved, progress))
        {
            // No room for the copy: free what needs none (packs holding only dead blobs), keep the rest as it is.
            affectedPacks.ExceptWith(toCopy.Select(b => b.Value.Pack));
            rewriteSkipped = true;
        }
        // Dead blobs stay indexed in the packs that are not rewritten, so that a later gc finds them.
        var kept = live.Concat(dead).Where(b => !affectedPacks.Contains(b.Value.Pack)).Select(b => (b.Key, b.Value)).ToList();
        dead.RemoveAll(b => !affectedPacks.Contains(b.Value.Pack));
        repo.Db.InTransaction(() =>
        {
            lock (repo.Db.Gate)
            {
                foreach (var id in deadCommits)
                    repo.Db.Execute("DELETE FROM commits WHERE id = $id", ("$id", id.ToBytes()));
                foreach (var (id, _) in deadPages)
                    repo.Db.Execute("DELETE FROM pages WHERE id = $id", ("$id", id.ToBytes()));
                repo.Db.Execute("DELETE FROM blob_index");
                foreach (int pack in affectedPacks)
                    repo.Db.Execute("DELETE FROM packs WHERE id = $id", ("$id", pack));
                if (moved.Count > 0)
                    repo.Db.Execute("INSERT INTO packs(id, name) VALUES($id, $name)", ("$id", newPack), ("$name", Path.GetFileName(repo.PackStore.PathOf(newPack))));
            }
            BlobIndex.BumpGeneration(repo.Db);
            repo.Index.Invalidate();
            foreach (var group in kept.Concat(moved).GroupBy(b => b.Item2.Pack))
            {
                foreach (var chunk in group.Chunk(65536))
                    repo.Index.AddBatch(group.Key, chunk);
            }
        }, durable: true);
        repo.CommitStore.Forget(deadCommits);
        foreach (int pack in affectedPacks)
        {
            repo.PackStore.Forget(pack);
            File.Delete(repo.PackStore.PathOf(pack));
        }
        foreach (var (id, _) in deadPages)
            repo.Pages.Forget(id);
        Compact(repo);
        progress?.Report(1);
        freed = deadPages.Sum(p => p.Size) + dead.Sum(b => (long)b.Value.Length);
        return new GcResult(false, deadCommits.Count, deadPages.Count, dead.Count, freed, affectedPacks.Count) { RewriteSkipped = rewriteSkipped };
    }

    /// <summary>Copies live blobs into a new pack and syncs it; on a full disk deletes the partial pack and returns false.</summary>
    private static bool TryCopy(Repository repo, List<KeyValuePair<ObjectId, BlobLocation>> toCopy, int newPack, List<(ObjectId Id, BlobLocation Location)> moved, IProgress<double>? progress)
    {
        try
        {
            using var stream = repo.PackStore.OpenForAppend(newPack);
            for (int i = 0; i < toCopy.Count; i++)
            {
                var (id, loc) = toCopy[i];
                var bytes = repo.Blobs.StoredBytes(id, loc);
                long offset = stream.Position;
                stream.Write(bytes);
                stream.Write(new byte[(int)(-(offset + bytes.Length) & 7)]);
                moved.Add((id, loc with { Pack = newPack, Offset = offset }));
                if (i % 4096 == 0)
                    progress?.Report(0.9 * i / toCopy.Count);
            }
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (Exception e) when (DiskReserve.IsDiskFull(e))
        {
            moved.Clear();
            File.Delete(repo.PackStore.PathOf(newPack));
            return false;
        }
    }

    /// <summary>
    /// Shrinks the database file: VACUUM needs room for a copy, so on a full disk it falls back to
    /// returning free pages; so it does while another connection reads (a remote's gc while it serves).
    /// </summary>
    private static void Compact(Repository repo)
    {
        try
        {
            repo.Db.Execute("VACUUM");
        }
        catch (Exception e) when (DiskReserve.IsDiskFull(e) || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 })
        {
            repo.Db.Checkpoint();
        }
    }
}
