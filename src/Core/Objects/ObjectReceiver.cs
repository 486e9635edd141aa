using Tessera.Git;
using Tessera.History;
using Tessera.Objects;
using Tessera.Storage;

namespace Tessera;

/// <summary>
/// The receiving end of one transfer into a local repository, under its writer lock: every object
/// is verified before anything of it is stored. Samples are gathered in batches of
/// <see cref="BatchBytes"/>, verified in parallel, appended to a pack and indexed (after an
/// fsync) every <see cref="IndexEvery"/> bytes, so an interrupted transfer keeps them; pages,
/// commits and links become visible together in <see cref="Complete"/>, and only when everything
/// they name is present (the connectivity check: a held commit means a complete history, a held
/// page its complete subtree, and, unless the receiver is a partial clone, the samples its entries
/// name). Objects are copied when kept, so a sender can reuse its buffer. Opened by
/// <see cref="ObjectDatabase.OpenReceiver"/>; disposing it without <see cref="Complete"/> keeps
/// only the samples already made durable.
/// </summary>
public sealed class ObjectReceiver : IDisposable
{
    /// <summary>Received blobs are made durable and indexed every this many bytes.</summary>
    private const long IndexEvery = 64L << 20;

    /// <summary>Samples verified together: enough to keep every core busy, little enough to bound memory.</summary>
    private const int BatchBytes = 8 << 20;
    private readonly Repository repo;
    private readonly bool requireSamples;
    private readonly Action release;
    private readonly string lockToken;
    private readonly BlobWriter blobs;
    private readonly Dictionary<ObjectId, (byte[] Data, ObjectReferences Named)> pages = [];
    private readonly List<(Commit Commit, byte[] Data)> commits = [];
    private readonly List<(ObjectId Commit, GitLink Link)> links = [];
    private readonly List<TransferObject> batch = [];
    private byte[] arena = [];
    private int arenaUsed;
    private long batchBytes;
    private long unindexed;

    /// <param name="requireSamples">False for a fetch without data: pages may name samples this repository does not hold.</param>
    internal ObjectReceiver(Repository repo, bool requireSamples, Action release)
    {
        this.repo = repo;
        this.requireSamples = requireSamples;
        this.release = release;
        try
        {
            (this.lockToken, _) = WriterLock.Acquire(repo.Db, force: false);
        }
        catch
        {
            release();
            throw;
        }
        this.blobs = new BlobWriter(repo.Db, repo.PackStore, repo.Index);
        repo.Index.Load();
    }

    /// <summary>Verifies an object and keeps it (its bytes are copied); a sample may be stored at once, the rest waits for <see cref="Complete"/>.</summary>
    public void Add(TransferObject obj)
    {
        switch (obj.Kind)
        {
            case ObjectKind.Blob:
                this.batch.Add(obj with { Data = this.Keep(obj.Data.Span) });
                this.batchBytes += obj.Data.Length;
                if (this.batchBytes >= BatchBytes)
                    this.StoreBatch();
                break;
            case ObjectKind.Page:
                var named = ObjectVerifier.Verify(obj);
                this.pages.TryAdd(obj.Id, (obj.Data.ToArray(), named));
                break;
            case ObjectKind.Commit:
                ObjectVerifier.Verify(obj);
                var data = obj.Data.ToArray();
                this.commits.Add((Commit.Decode(obj.Id, data), data));
                break;
            case ObjectKind.Link:
                ObjectVerifier.Verify(obj);
                this.links.Add(GitLinkRecord.Decode(obj.Data.Span));
                break;
        }
    }

    /// <summary>
    /// Makes everything received durable and visible: samples first, then pages, commits and links
    /// in one transaction, once <see cref="CheckConnected"/> found everything they name.
    /// </summary>
    public void Complete()
    {
        this.StoreBatch();
        this.CheckConnected();
        this.blobs.Sync();
        this.repo.Db.InTransaction(() =>
        {
            this.blobs.FlushIndex();
            this.repo.Pages.Write(this.pages.Select(p => KeyValuePair.Create(p.Key, p.Value.Data)));
            foreach (var (commit, data) in this.commits)
                this.repo.CommitStore.Insert(commit, data);
            foreach (var (commit, link) in this.links)
                this.repo.GitLinks.Store.Adopt(commit, link);
        }, durable: true);
    }

    public void Dispose()
    {
        try
        {
            this.blobs.Dispose();
            WriterLock.Release(this.repo.Db, this.lockToken);
        }
        finally
        {
            if (this.arena.Length > 0)
                System.Buffers.ArrayPool<byte>.Shared.Return(this.arena);
            this.arena = [];
            this.release();
        }
    }

    /// <summary>Copies a sample's bytes into the batch's arena (one allocation per batch, not per sample); a large sample gets its own array.</summary>
    private ReadOnlyMemory<byte> Keep(ReadOnlySpan<byte> data)
    {
        if (data.Length > BatchBytes / 4)
            return data.ToArray();
        if (this.arena.Length - this.arenaUsed < data.Length)
        {
            // Storing the batch frees the arena for the next one.
            this.StoreBatch();
            // Pooled: a loader fetching window after window opens a receiver per window, and memory
            // the process has already touched costs nothing to write, fresh memory a page fault per page.
            if (this.arena.Length == 0)
                this.arena = System.Buffers.ArrayPool<byte>.Shared.Rent(BatchBytes + (BatchBytes / 4));
        }
        var kept = this.arena.AsMemory(this.arenaUsed, data.Length);
        data.CopyTo(kept.Span);
        this.arenaUsed += data.Length;
        return kept;
    }

    /// <summary>Verifies the batch's samples on every core, then appends those not yet stored, in order.</summary>
    private void StoreBatch()
    {
        if (this.batch.Count > 0)
        {
            var checksums = new uint[this.batch.Count];
            try
            {
                Parallel.For(0, this.batch.Count, i =>
                {
                    ObjectVerifier.Verify(this.batch[i]);
                    checksums[i] = Crc32C.Compute(this.batch[i].Data.Span);
                });
            }
            catch (AggregateException ex)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            }
            for (int i = 0; i < this.batch.Count; i++)
            {
                var obj = this.batch[i];
                if (this.blobs.Has(obj.Id))
                    continue;
                this.blobs.Append(obj.Id, [], obj.Data.Span, obj.Codec, checksums[i]);
                this.unindexed += obj.Data.Length;
            }
            this.batch.Clear();
            this.blobs.SyncInBackground();
            if (this.unindexed >= IndexEvery)
            {
                this.IndexReceived();
                this.unindexed = 0;
            }
        }
        this.arenaUsed = 0;
        this.batchBytes = 0;
    }

    /// <summary>Fsyncs the received pack bytes, then indexes them: an index entry never names bytes a crash could lose.</summary>
    private void IndexReceived()
    {
        this.blobs.Sync();
        this.repo.Db.InTransaction(this.blobs.FlushIndex, durable: true);
    }

    /// <summary>
    /// Everything a received object names must be held or have arrived with it: pages in any order,
    /// commits after their parents, links after their commits. Checked before any of them is
    /// stored, so a refusal leaves nothing half-visible.
    /// </summary>
    private void CheckConnected()
    {
        foreach (var (id, (_, named)) in this.pages)
        {
            foreach (var page in named.PageShapes)
                this.RequirePage(page, $"Page {id.ToShortString()}");
            if (!this.requireSamples)
                continue;
            foreach (var blob in named.Blobs.Where(b => !this.blobs.Has(b)))
            {
                throw new TransferException(
                    $"Page {id.ToShortString()} names sample {blob.ToShortString()}, which was neither sent nor is held here; send samples before the pages that name them. Nothing was stored.");
            }
        }
        var arrived = new HashSet<ObjectId>();
        foreach (var (commit, _) in this.commits)
        {
            this.RequirePage(new PageReference(commit.Tree, PageShape.Tree), $"Commit {commit.ShortId}");
            foreach (var parent in commit.Parents.Where(p => !arrived.Contains(p) && this.repo.CommitStore.TryGet(p) is null))
                throw new TransferException($"Commit {commit.ShortId} arrived before its parent {parent.ToShortString()}; send parents first. Nothing was stored.");
            arrived.Add(commit.Id);
        }
        foreach (var (commit, _) in this.links.Where(l => !arrived.Contains(l.Commit) && this.repo.CommitStore.TryGet(l.Commit) is null))
            throw new TransferException($"A git link names commit {commit.ToShortString()}, which was neither sent nor is held here; send commits before their links. Nothing was stored.");
    }

    private void RequirePage(PageReference page, string namedBy)
    {
        var data = this.pages.TryGetValue(page.Id, out var received) ? received.Data : this.repo.Pages.TryRaw(page.Id);
        if (data is null)
            throw new TransferException($"{namedBy} names page {page.Id.ToShortString()}, which was neither sent nor is held here; send pages before what names them. Nothing was stored.");
        if (!page.Shape.Matches(data))
            throw new CorruptObjectException($"{namedBy} names page {page.Id.ToShortString()} as {page.Shape}, but that page is of another kind. Nothing was stored.");
    }
}
