using Tessera.History;

namespace Tessera;

/// <summary>The ids of every object a repository stores, by kind (inline samples are not stored).</summary>
public sealed record StoredObjectIds(IReadOnlyList<ObjectId> Commits, IReadOnlyList<ObjectId> Pages, IReadOnlyList<ObjectId> Blobs);

/// <summary>What a remote's collection (Tessera.Remotes) needs of a repository it serves: deleting refs, listing and removing objects.</summary>
public sealed partial class ObjectDatabase
{
    /// <summary>How long <see cref="Remove"/> waits for writers holding the lock (pushes into a folder remote) before it gives up.</summary>
    private static readonly TimeSpan LockPatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Deletes branch <paramref name="name"/> if it still points to <paramref name="expected"/>.
    /// Throws <see cref="ErrorCode.RefNotFound"/> when there is no such branch,
    /// <see cref="ErrorCode.CurrentBranch"/> for the branch HEAD names (what a clone checks out),
    /// and <see cref="ErrorCode.ConcurrentUpdate"/> when it moved meanwhile.
    /// </summary>
    public void DeleteBranch(string name, ObjectId expected)
    {
        if (name == this.repo.HeadBranch)
        {
            throw new StateException(ErrorCode.CurrentBranch,
                $"'{name}' is the branch {this.repo.Root} has checked out (what a clone starts on); it is not deleted. Switch that repository to another branch first.")
                .With(ErrorDetail.Branch, name).With(ErrorDetail.Repository, this.repo.Root);
        }
        this.DeleteRef(RefKind.Branch, "branch", name, expected);
    }

    /// <summary>Deletes tag <paramref name="name"/> if it still names <paramref name="expected"/>; the same refusals as <see cref="DeleteBranch"/> but the current one.</summary>
    public void DeleteTag(string name, ObjectId expected) => this.DeleteRef(RefKind.Tag, "tag", name, expected);

    /// <summary>Every commit, page and stored sample the repository holds, reachable or not.</summary>
    public StoredObjectIds Stored() => new(
        this.repo.CommitStore.All(),
        this.repo.Pages.List().Select(p => p.Id).ToList(),
        this.repo.Index.Snapshot().Select(b => b.Key).ToList());

    /// <summary>
    /// Removes the objects of <paramref name="remove"/> (any kind) that no ref, staging area or merge
    /// reaches when the writer lock is held; anything reachable by then is kept. Takes turns with
    /// receivers, and works through a connection of its own: its transaction rewrites the blob index
    /// while holding the database's gate, and readers sharing this instance (a server's requests)
    /// take the index's gate before the database's.
    /// </summary>
    public GcResult Remove(IReadOnlySet<ObjectId> remove)
    {
        this.receiveGate.Wait();
        try
        {
            using var own = Repository.Open(this.repo.Root);
            // Writers of other processes hold the lock a push at a time; the collection waits them out.
            var deadline = DateTime.UtcNow + LockPatience;
            while (true)
            {
                try
                {
                    return GarbageCollector.Remove(own, remove);
                }
                catch (LockedException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(Random.Shared.Next(1, 20));
                }
            }
        }
        finally
        {
            this.receiveGate.Release();
        }
    }

    private void DeleteRef(RefKind kind, string kindName, string name, ObjectId expected)
    {
        Names.ValidateRef(name, kindName);
        this.repo.Db.InTransaction(() =>
        {
            if (this.repo.Refs.Get(kind, name) is null)
                throw new NotFoundException(ErrorCode.RefNotFound, $"{this.repo.Root} has no {kindName} '{name}'.").With(ErrorDetail.Name, name);
            this.repo.Refs.CompareAndDelete(kind, name, expected);
        }, durable: true);
    }
}
