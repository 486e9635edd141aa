namespace Tessera.Remotes;

/// <summary>
/// Push: refuse a non-fast-forward, send what the remote lacks (samples, pages, commits, git links),
/// then compare-and-swap the remote branch and create the tags asked for.
/// </summary>
internal static class Pusher
{
    public static PushResult Run(Repository repo, IRemoteStore store, string remote, string branch, ObjectId tip, bool force, bool tags = false)
    {
        var local = new LocalStore(repo, ownsRepository: false);
        ObjectId? remoteTip = store.Branches().TryGetValue(branch, out var t) ? t : null;
        string tracking = RemoteCollection.TrackingName(remote, branch);
        var newTags = tags ? RemoteTags.ToPush(repo, store) : [];
        bool upToDate = remoteTip == tip;
        if (!upToDate && remoteTip is { } old && !force
            && !repo.ObjectDatabase.IsAncestor(old, tip))
        {
            throw new StateException(ErrorCode.NonFastForward,
                $"{tracking} is at {old.ToShortString()}, which '{branch}' does not contain: the push would drop commits. " +
                "Fetch and merge them, then push again (or force the push to drop them).").With(ErrorDetail.Remote, remote);
        }
        var missing = MissingObjects.Find(local, store, [tip, .. newTags.Select(n => n.Target)]);
        if (upToDate && newTags.Count == 0 && missing.Links.Count == 0)
        {
            repo.Remotes.SetTracking(remote, branch, tip);
            return new PushResult(remote, branch, remoteTip, tip, UpToDate: true, TransferStats.None, []);
        }
        var blobs = Batches.Missing(store, ObjectKind.Blob, missing.Blobs);
        var held = repo.ObjectDatabase.Contains(ObjectKind.Blob, blobs);
        foreach (var id in blobs)
        {
            if (!held.Contains(id))
            {
                throw new NotFoundException(ErrorCode.MissingObject,
                    $"The remote lacks sample {id.ToShortString()} and this partial clone does not hold it either. Fetch the branch's data, then push again.").With(ErrorDetail.Revision, branch);
            }
        }
        var counter = new TransferCounter();
        store.Put(counter.Count(local.Get(ObjectKind.Blob, blobs).Concat(missing.Pages).Concat(missing.Commits).Concat(missing.Links)));
        try
        {
            if (!upToDate)
                store.UpdateBranch(branch, remoteTip, tip, force);
        }
        catch (TesseraException ex) when (ex.Code == ErrorCode.ConcurrentUpdate)
        {
            throw new StateException(ErrorCode.ConcurrentUpdate,
                $"Someone else pushed to {tracking} while this push ran, so the remote branch was not moved and nothing was lost. " +
                "Fetch and merge their commits, then push again.").With(ErrorDetail.Remote, remote);
        }
        repo.Remotes.SetTracking(remote, branch, tip);
        foreach (var (name, target) in newTags)
            store.CreateTag(name, target);
        return new PushResult(remote, branch, remoteTip, tip, upToDate, counter.Stats, newTags.Select(n => n.Name).ToList());
    }
}
