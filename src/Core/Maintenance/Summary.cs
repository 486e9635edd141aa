namespace Tessera;

/// <summary>Disk use of a repository.</summary>
public sealed record DiskUsage(long DatabaseBytes, long PackBytes, int Packs, long Blobs)
{
    public long TotalBytes => this.DatabaseBytes + this.PackBytes;
}

/// <summary>Nodes, sample counts and disk use at one commit.</summary>
public sealed record Summary(Commit Commit, IReadOnlyList<NodeInfo> Nodes, long Samples, DiskUsage Disk)
{
    internal static Summary Build(Repository repo, Commit commit)
    {
        var nodes = repo.Checkout(commit.Id.ToString()).Nodes;
        return new Summary(commit, nodes, nodes.Sum(n => n.Count), Measure(repo));
    }

    internal static DiskUsage Measure(Repository repo)
    {
        var dir = Path.Combine(repo.Root, Repository.DirectoryName);
        long db = Directory.EnumerateFiles(dir, "tensor.db*").Sum(f => new FileInfo(f).Length);
        var packs = Directory.EnumerateFiles(Path.Combine(dir, "packs"), "*.pack").Select(f => new FileInfo(f).Length).ToList();
        return new DiskUsage(db, packs.Sum(), packs.Count, repo.Index.Count);
    }
}
