namespace Tessera.Remotes;

/// <summary>
/// Tags across repositories. Tags are not moved by transfers: fetch creates the local tags it lacks
/// and keeps a local tag (or branch) of the same name (<see cref="RemoteCollection.AdoptTags"/>);
/// push creates the remote tags it lacks and refuses, before anything moves, a remote tag that names another commit.
/// </summary>
internal static class RemoteTags
{
    /// <summary>The local tags the remote lacks; throws <see cref="ErrorCode.RefExists"/> when it has one of them at another commit.</summary>
    public static List<(string Name, ObjectId Target)> ToPush(Repository repo, IRemoteStore store)
    {
        var remote = store.Tags();
        var result = new List<(string, ObjectId)>();
        foreach (var tag in repo.Tags.List())
        {
            if (!remote.TryGetValue(tag.Name, out var there))
            {
                result.Add((tag.Name, tag.Target));
            }
            else if (there != tag.Target)
            {
                throw new StateException(ErrorCode.RefExists,
                    $"Tag '{tag.Name}' already names commit {there.ToShortString()}; tags are not moved. Pick another name, or delete the tag there first.");
            }
        }
        return result;
    }
}
