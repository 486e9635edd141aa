namespace Tessera.Remotes.Collection;

/// <summary>
/// Remote gc of a repository folder, shared by the folder remote and the server
/// (<c>dotnet tensor serve</c>), which both store pushes through the repository's
/// <see cref="ObjectDatabase"/>. The state of earlier runs is the file <c>.tensor/remote-gc</c>.
/// </summary>
public static class FolderRemote
{
    private const string StateFile = "remote-gc";

    /// <summary>Which of <paramref name="ids"/> the repository holds, leaving out what a remote gc may delete (so a push sends it again).</summary>
    public static HashSet<ObjectId> Have(Repository repo, ObjectKind kind, IReadOnlyList<ObjectId> ids)
    {
        var have = repo.ObjectDatabase.Contains(kind, ids);
        var state = ReadState(repo);
        have.RemoveWhere(id => state.Hides(kind, id));
        return have;
    }

    /// <summary>
    /// Deletes the objects that earlier runs, at least <paramref name="gracePeriod"/> ago, found
    /// unreachable and that still are, and records what is unreachable now for later runs.
    /// </summary>
    public static RemoteGcResult CollectGarbage(Repository repo, string remote, TimeSpan gracePeriod)
    {
        var previous = ReadState(repo);
        var stored = repo.ObjectDatabase.Stored();
        var held = stored.Commits.Select(id => (ObjectKind.Commit, id))
            .Concat(stored.Pages.Select(id => (ObjectKind.Page, id)))
            .Concat(stored.Blobs.Select(id => (ObjectKind.Blob, id))).ToList();
        var plan = CollectionPlan.Make(new LocalStore(repo, ownsRepository: false), held, previous, DateTimeOffset.UtcNow, gracePeriod);
        // Until the objects are gone, everything either state hides stays hidden (a crash here leaves that).
        WriteState(repo, Union(previous, plan.Next));
        var removed = plan.Delete.Count == 0 ? null : repo.ObjectDatabase.Remove(plan.Delete.Select(d => d.Id).ToHashSet());
        WriteState(repo, plan.Next);
        return new RemoteGcResult(remote, gracePeriod, removed?.Commits ?? 0, removed?.Pages ?? 0, removed?.Blobs ?? 0, removed?.BytesFreed ?? 0,
            removed?.PacksRewritten ?? 0, PacksDeleted: 0, plan.Waiting);
    }

    /// <summary>What both states hide, with the earlier time where both name an object.</summary>
    internal static RemoteGcState Union(RemoteGcState a, RemoteGcState b)
    {
        var union = new RemoteGcState();
        foreach (var state in new[] { a, b })
        {
            foreach (var (key, seen) in state.Unreachable)
                union.Unreachable[key] = union.Unreachable.TryGetValue(key, out var other) && other < seen ? other : seen;
            foreach (var (pack, retired) in state.RetiredPacks)
                union.RetiredPacks.TryAdd(pack, retired);
        }
        return union;
    }

    private static string StatePath(Repository repo) => Path.Combine(repo.Root, Repository.DirectoryName, StateFile);

    private static RemoteGcState ReadState(Repository repo)
    {
        string path = StatePath(repo);
        if (!File.Exists(path))
            return RemoteGcState.Empty;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return RemoteGcState.Empty;
        }
        return RemoteGcState.Decode(bytes, path);
    }

    /// <summary>Replaces the state file whole (written aside, synced, renamed), so a crash leaves the old or the new one.</summary>
    private static void WriteState(Repository repo, RemoteGcState state)
    {
        string path = StatePath(repo);
        var bytes = state.Encode();
        if (File.Exists(path) ? File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes) : state.Unreachable.Count + state.RetiredPacks.Count == 0)
            return;
        string temporary = path + "." + Environment.ProcessId + "." + Environment.CurrentManagedThreadId + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
