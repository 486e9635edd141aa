namespace Tessera.Remotes;

/// <summary>
/// <c>push --delete</c>: every name is resolved against the remote's refs before anything is
/// deleted (a branch, a tag, or <c>refs/heads/NAME</c> / <c>refs/tags/NAME</c> where a name is
/// both), then each ref is deleted by compare-and-swap from the commit read, and the
/// remote-tracking branch of a deleted branch goes too. Deletions are one by one, as git's are:
/// when one is refused, those before it stay done.
/// </summary>
internal static class RefDeleter
{
    private const string HeadsPrefix = "refs/heads/";
    private const string TagsPrefix = "refs/tags/";

    public static IReadOnlyList<RemoteRefDeletion> Run(Repository repo, IRemoteStore store, string remote, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
            throw new InvalidInputException(ErrorCode.Usage, "Name the branches or tags to delete on the remote.");
        var branches = store.Branches();
        var tags = store.Tags();
        var deletions = names.Distinct(StringComparer.Ordinal).Select(name => Resolve(name, branches, tags, remote)).ToList();
        foreach (var branch in deletions.Where(d => d.Kind == "branch" && d.Name == store.HeadBranch))
        {
            throw new StateException(ErrorCode.CurrentBranch,
                $"'{branch.Name}' is the branch {remote} has checked out (what a clone starts on); it is not deleted. Switch that repository to another branch first.")
                .With(ErrorDetail.Remote, remote).With(ErrorDetail.Branch, branch.Name);
        }
        foreach (var deletion in deletions)
        {
            try
            {
                if (deletion.Kind == "branch")
                    store.DeleteBranch(deletion.Name, deletion.Old);
                else
                    store.DeleteTag(deletion.Name, deletion.Old);
            }
            catch (TesseraException ex) when (ex.Code == ErrorCode.ConcurrentUpdate)
            {
                throw new StateException(ErrorCode.ConcurrentUpdate,
                    $"Someone moved {deletion.Kind} '{deletion.Name}' on {remote} while it was being deleted, so it was kept. Fetch to see where it is now, then delete it again if it should still go.")
                    .With(ErrorDetail.Remote, remote).With(ErrorDetail.Wanted, "delete");
            }
            if (deletion.Kind == "branch")
                repo.Remotes.RemoveTracking(remote, deletion.Name);
        }
        return deletions;
    }

    private static RemoteRefDeletion Resolve(string name, IReadOnlyDictionary<string, ObjectId> branches, IReadOnlyDictionary<string, ObjectId> tags, string remote)
    {
        if (name.StartsWith(HeadsPrefix, StringComparison.Ordinal))
            return Find("branch", name[HeadsPrefix.Length..], branches, remote);
        if (name.StartsWith(TagsPrefix, StringComparison.Ordinal))
            return Find("tag", name[TagsPrefix.Length..], tags, remote);
        if (branches.ContainsKey(name) && tags.ContainsKey(name))
        {
            throw new InvalidInputException(ErrorCode.AmbiguousRef,
                $"{remote} has both a branch and a tag named '{name}'; say which with refs/heads/{name} or refs/tags/{name}.").With(ErrorDetail.Remote, remote);
        }
        return tags.ContainsKey(name) ? Find("tag", name, tags, remote) : Find("branch", name, branches, remote);
    }

    private static RemoteRefDeletion Find(string kind, string name, IReadOnlyDictionary<string, ObjectId> refs, string remote) =>
        refs.TryGetValue(name, out var old) ? new RemoteRefDeletion(kind, name, old)
            : throw new NotFoundException(ErrorCode.RefNotFound, $"{remote} has no {kind} '{name}'; nothing was deleted.").With(ErrorDetail.Remote, remote).With(ErrorDetail.Name, name);
}
