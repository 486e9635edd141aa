using Tessera.History;
using Tessera.Storage;

namespace Tessera.Pins;

/// <summary>
/// Copies a pinned commit into a new repository that holds only what the pin reads: the commit
/// (same id), the records of its ancestors (so <c>log</c> works), its tree, and the manifests and
/// samples of the selected nodes. Other nodes are listed but hold no data, as in a partial clone.
/// Stored bytes are copied as they are (same codec, same checksums), so nothing is re-encoded.
/// </summary>
public static class PinMaterializer
{
    /// <summary>
    /// Writes the repository to <paramref name="destination"/>, replacing what is there. It is built
    /// in a sibling folder and moved into place, so a crash never leaves a half-written copy.
    /// </summary>
    public static void Materialize(PinResolution resolution, string destination)
    {
        if (resolution.Commit is not { } commit || resolution.HasErrors)
            throw new InvalidOperationException("Only a pin that resolved without errors can be materialized.");
        destination = Path.GetFullPath(destination);
        var building = destination + ".partial";
        if (Directory.Exists(building))
            Directory.Delete(building, recursive: true);
        using (var source = Repository.Open(resolution.RepositoryPath))
        {
            using var target = Repository.Init(building, new InitOptions
            {
                UserName = source.Db.GetMeta("user.name"),
                UserEmail = source.Db.GetMeta("user.email"),
            });
            Copy(source, target, source.CommitStore.Get(commit.Id), resolution.Nodes);
        }
        if (Directory.Exists(destination))
            Directory.Delete(destination, recursive: true);
        Directory.Move(building, destination);
    }

    private static void Copy(Repository source, Repository target, Commit commit, IReadOnlyList<PinnedNode> nodes)
    {
        var pages = new Dictionary<ObjectId, byte[]> { [commit.Tree] = source.Pages.Raw(commit.Tree) };
        var blobs = new HashSet<ObjectId>();
        foreach (var node in PinnedDataVerifier.Records(source, commit, nodes))
        {
            foreach (var page in source.Manifests.AllPages(node.Manifest))
                pages[page] = source.Pages.Raw(page);
            blobs.UnionWith(source.Manifests.Enumerate(node.Manifest).Select(e => SampleRun.StoredObject(e.Value)).OfType<ObjectId>());
        }
        using var writer = new BlobWriter(target.Db, target.PackStore, target.Index);
        foreach (var id in blobs)
        {
            if (!source.Index.TryGet(id, out var loc))
                throw new NotFoundException(ErrorCode.MissingObject, $"Sample {id.ToShortString()} of commit {commit.ShortId} is not in '{source.Root}'.");
            writer.Append(id, source.Blobs.StoredBytes(id, loc), [], loc.Codec, loc.Crc);
        }
        writer.Sync();
        var history = Ancestry.Reachable(source.CommitStore, [commit.Id]);
        var link = source.GitLinks[commit.Id];
        target.Db.InTransaction(() =>
        {
            writer.FlushIndex();
            target.Pages.Write(pages);
            foreach (var id in history)
                target.CommitStore.Insert(source.CommitStore.Get(id), RawCommit(source, id));
            target.Refs.CompareAndSet(target.HeadBranch, null, commit.Id);
        }, durable: true);
        if (link is not null)
            target.GitLinks.Put(commit.Id, link);
        target.Db.Checkpoint();
    }

    private static byte[] RawCommit(Repository repo, ObjectId id)
    {
        lock (repo.Db.Gate)
        {
            return (byte[])repo.Db.Scalar("SELECT data FROM commits WHERE id = $id", ("$id", id.ToBytes()))!;
        }
    }
}
