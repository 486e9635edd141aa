using Tessera.Staging;
using Tessera.Storage;

namespace Tessera;

/// <summary>
/// An operation that has not completed: still <see cref="IsRunning"/>, or interrupted (its process
/// died), with the <see cref="Samples"/> it wrote so far. None of them are staged.
/// </summary>
public sealed record StagedOperationState(StagedOperation Operation, long Samples, bool IsRunning);

public sealed partial class WriteCheckout
{
    /// <summary>
    /// An operation that was interrupted before this writer opened (its process died): this writer
    /// discarded what it had staged and written. Null when there was none.
    /// </summary>
    public StagedOperationState? DiscardedOperation { get; private set; }

    /// <summary>The running operation's manifests built as it stages (<see cref="ManifestsInAdvance"/>); null when none runs.</summary>
    private ManifestsInAdvance? inAdvance;

    /// <summary>
    /// Starts an all-or-nothing change of the staging area (an import): what it stages becomes
    /// part of the staging area only when <see cref="StagedOperationScope.Complete"/> is called.
    /// Disposed without it, or interrupted by a crash, it leaves the staging area and the packs as
    /// they were before it began.
    /// </summary>
    public StagedOperationScope BeginOperation(string description)
    {
        lock (this.gate)
        {
            ObjectDisposedException.ThrowIf(this.disposed, this);
            try
            {
                this.Repo.Db.InTransaction(() =>
                {
                    this.blobs.FlushIndex();
                    this.Staging.BeginOperation(description, this.blobs.Mark(), this.Repo.Pages.LastRow());
                });
                this.inAdvance = new ManifestsInAdvance(pages => this.Repo.Db.InTransaction(() => this.Repo.Pages.Write(pages)));
            }
            catch
            {
                this.Staging.OperationEnded();
                throw;
            }
            return new StagedOperationScope(this);
        }
    }

    internal void CompleteOperation()
    {
        lock (this.gate)
        {
            // Built before the transaction: building reads pages on every core, and a page read
            // takes the database's lock, which the transaction holds on this thread. The pages
            // written while the operation ran are all in before the transaction names them.
            var prepared = this.PrepareManifests(this.inAdvance);
            this.Staging.FetchHeld(prepared?.InAdvance);
            this.inAdvance?.Complete();
            this.inAdvance = null;
            this.Repo.Db.InTransaction(() =>
            {
                this.blobs.FlushIndex();
                this.Staging.CompleteOperation(prepared?.InAdvance);
                this.KeepPrepared(prepared);
            });
            this.Staging.OperationEnded();
        }
    }

    /// <summary>
    /// Undoes the running operation: its stage-log rows, blob-index batches and pack bytes go, and
    /// the staging area is what it was before it. Works on a full disk (<see cref="DiskReserve"/>).
    /// </summary>
    internal void RollBackOperation()
    {
        lock (this.gate)
        {
            Interlocked.Exchange(ref this.inAdvance, null)?.Abandon();
            this.blobs.Discard();
            this.RollBackLocked();
            this.Staging.ReloadFrom(StagingArea.Load(this.Repo.Db, this.Repo.Manifests, this.Staging.Base, this.Staging.BaseTree));
        }
    }

    /// <summary>Discards what an interrupted operation left (the staging area already reads as before it).</summary>
    private void DiscardInterrupted()
    {
        if (this.Staging.Interrupted is not { } interrupted)
            return;
        long samples = this.Staging.CountOperationSamples();
        this.RollBackLocked();
        this.DiscardedOperation = new StagedOperationState(interrupted.Info, samples, IsRunning: false);
    }

    private void RollBackLocked()
    {
        var operation = DiskReserve.Retry(this.Repo.Root, () => this.Repo.Db.InTransaction(
            () =>
            {
                var rolledBack = this.Staging.RollBackOperation();
                if (rolledBack.PageRowBefore is { } lastRow)
                    this.Repo.Pages.CutBack(lastRow);
                return rolledBack;
            },
            durable: true));
        this.Staging.OperationRolledBack();
        this.Repo.Index.Invalidate();
        this.Repo.Index.Load();
        operation.Mark.FreeBytes(this.Repo.PackStore);
    }
}

/// <summary>
/// A running all-or-nothing operation (<see cref="WriteCheckout.BeginOperation"/>): call
/// <see cref="Complete"/> when all of it is staged; disposing it before rolls it back.
/// </summary>
public sealed class StagedOperationScope : IDisposable
{
    private readonly WriteCheckout writer;
    private bool done;

    internal StagedOperationScope(WriteCheckout writer) => this.writer = writer;

    public void Complete()
    {
        if (this.done)
            return;
        this.writer.CompleteOperation();
        this.done = true;
    }

    public void Dispose()
    {
        if (this.done)
            return;
        this.done = true;
        this.writer.RollBackOperation();
    }
}
