using Tessera.History;
using Tessera.Storage;

namespace Tessera.Remotes;

/// <summary>
/// The receiving end of one transfer into a local repository, under its writer lock: every object
/// is verified before anything of it is stored. Samples are gathered in batches of
/// <see cref="BatchBytes"/>, verified in parallel, appended to a pack and indexed (after an
/// fsync) every <see cref="IndexEvery"/> bytes, so an interrupted transfer keeps them; pages and
/// commits become visible together in <see cref="Complete"/>, a commit only with its tree and
/// parents. Objects are copied when kept, so a sender can reuse its buffer.
/// </summary>
internal sealed class ObjectReceiver : IDisposable
{
    /// <summary>Received blobs are made durable and indexed every this many bytes.</summary>
    private const long IndexEvery = 64L << 20;

    /// <summary>Samples verified together: enough to keep every core busy, little enough to bound memory.</summary>
    private const int BatchBytes = 8 << 20;
    private readonly Repository repo;
    private readonly Action release;
    private readonly string lockToken;
    private readonly BlobWriter blobs;
    private readonly Dictionary<ObjectId, byte[]> pages = [];
    private readonly List<(ObjectId Id, byte[] Data)> commits = [];
    private readonly List<TransferObject> batch = [];
    private byte[] arena = [];
    private int arenaUsed;
    private long batchBytes;
    private long unindexed;

    public ObjectReceiver(Repository repo, Action release)
    {
        this.repo = repo;
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
                ObjectVerifier.Verify(obj);
                this.pages.TryAdd(obj.Id, obj.Data.ToArray());
                break;
            case ObjectKind.Commit:
                ObjectVerifier.Verify(obj);
                this.commits.Add((obj.Id, obj.Data.ToArray()));
                break;
        }
    }

    /// <summary>Makes everything received durable and visible: samples first, then pages and commits in one transaction.</summary>
    public void Complete()
    {
        this.StoreBatch();
        this.blobs.Sync();
        this.repo.Db.InTransaction(() =>
        {
            this.blobs.FlushIndex();
            this.repo.Pages.Write(this.pages);
            foreach (var (id, data) in this.commits)
                this.InsertCommit(id, data);
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
            if (this.arena.Length == 0)
                this.arena = GC.AllocateUninitializedArray<byte>(BatchBytes + (BatchBytes / 4));
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

    /// <summary>Stores a commit once its tree and parents are here, so a held commit always means a complete history.</summary>
    private void InsertCommit(ObjectId id, byte[] data)
    {
        Commit commit;
        try
        {
            commit = Commit.Decode(id, data);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new CorruptObjectException($"Commit {id.ToShortString()} does not decode ({ex.Message}); it was not stored.");
        }
        if (!this.pages.ContainsKey(commit.Tree) && !this.repo.Pages.Contains(commit.Tree))
            throw new TransferException($"Commit {id.ToShortString()} arrived without its tree {commit.Tree.ToShortString()}; send pages before commits. Nothing was stored.");
        foreach (var parent in commit.Parents)
        {
            if (this.repo.CommitStore.TryGet(parent) is null)
                throw new TransferException($"Commit {id.ToShortString()} arrived before its parent {parent.ToShortString()}; send parents first. Nothing was stored.");
        }
        this.repo.CommitStore.Insert(commit, data);
    }
}
