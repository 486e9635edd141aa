using Tessera.History;
using Tessera.Manifests;
using Tessera.Staging;
using Tessera.Storage;

namespace Tessera;

/// <summary>Everything that branches, tags, remote-tracking branches, the staging area and a merge in progress reach.</summary>
internal sealed class Reachability
{
    public HashSet<ObjectId> Commits { get; } = [];

    public HashSet<ObjectId> Pages { get; } = [];

    /// <summary>The stored samples and runs reachable (inline samples are in their ids, not stored).</summary>
    public HashSet<ObjectId> Blobs { get; } = [];

    /// <param name="staged">False to leave the staged changes out (verify adds them on their own, so that a damaged staging log does not stop the check of what is committed).</param>
    public static Reachability Compute(Repository repo, bool keepRefLogCommits = true, bool staged = true)
    {
        var result = new Reachability();
        var heads = repo.Refs.List(RefKind.Branch).Concat(repo.Refs.List(RefKind.Tag)).Concat(repo.Refs.List(RefKind.Remote))
            .Select(r => r.Target).ToList();
        lock (repo.Db.Gate)
        {
            foreach (var key in new[] { "base", "merge_head", "merge_source", "merge_todo" })
            {
                if (repo.Db.Scalar("SELECT value FROM stage_meta WHERE key = $k", ("$k", key)) is not string value)
                    continue;
                foreach (var part in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (ObjectId.TryParse(part, out var id))
                        heads.Add(id);
                }
            }
        }
        if (keepRefLogCommits)
            heads.AddRange(RecentRefLogCommits(repo));
        result.Commits.UnionWith(Ancestry.Reachable(repo.CommitStore, heads));
        var manifests = new List<ManifestRef>();
        foreach (var commitId in result.Commits)
        {
            var commit = repo.CommitStore.Get(commitId);
            if (!result.Pages.Add(commit.Tree))
                continue;
            manifests.AddRange(repo.LoadTree(commit.Tree).Nodes.Select(n => n.Manifest));
        }
        result.AddManifests(repo, manifests);
        if (staged)
            result.AddStaged(repo);
        return result;
    }

    /// <summary>Adds the pages of <paramref name="manifests"/> and the stored samples their entries name.</summary>
    private void AddManifests(Repository repo, IEnumerable<ManifestRef> manifests)
    {
        foreach (var page in manifests.SelectMany(repo.Manifests.AllPages))
        {
            if (!this.Pages.Add(page))
                continue;
            if (repo.Pages.Raw(page)[0] is EntryPage.LeafType or EntryPage.DeltaType)
            {
                var entries = repo.Pages.Entries(page);
                for (int i = 0; i < entries.Count; i++)
                {
                    if (SampleRun.StoredObject(entries.Value(i)) is { } stored)
                        this.Blobs.Add(stored);
                }
            }
        }
    }

    /// <summary>Adds what the staging area reaches: the manifests an import prepared for its commit (their pages are written already), the trees its tree records name, its changes' stored samples and a merge's chosen sides.</summary>
    public void AddStaged(Repository repo)
    {
        var db = repo.Db;
        string? prepared;
        lock (db.Gate)
            prepared = db.Scalar("SELECT value FROM stage_meta WHERE key = $k", ("$k", PreparedManifests.MetaKey)) as string;
        if (prepared is not null)
        {
            var manifests = PreparedManifests.FromJson(prepared).Values.Select(p => p.Manifest);
            StagedPages.Read("The staging area holds a manifest prepared for its commit", () => this.AddManifests(repo, manifests));
        }
        lock (db.Gate)
        {
            var log = new StagingLog(db);
            foreach (var (_, data) in log.Read(0, log.Extent().Length))
            {
                if (TreeRecord.Read(data.Span) is var (root, count))
                {
                    TreeRecord.ReadingPages(root, () => this.AddManifests(repo, [new ManifestRef(root, [], count, 0)]));
                    continue;
                }
                var entries = StagingArea.DecodeLog(data.Span, new EntryList());
                for (int i = 0; i < entries.Count; i++)
                {
                    if (SampleRun.StoredObject(entries.Value(i)) is { } stored)
                        this.Blobs.Add(stored);
                }
            }
            using (var cmd = db.Command("SELECT theirs FROM merge_conflicts WHERE theirs IS NOT NULL"))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    if (SampleRun.StoredObject(ObjectId.Read((byte[])r[0])) is { } stored)
                        this.Blobs.Add(stored);
                }
            }
        }
    }

    /// <summary>How long a commit that only the ref log names is kept: a reset or forced branch move can be undone for this long (git's default for unreachable entries).</summary>
    public static readonly TimeSpan RefLogRetention = TimeSpan.FromDays(30);

    /// <summary>Commits the ref log names from the last <see cref="RefLogRetention"/> that still exist.</summary>
    private static IEnumerable<ObjectId> RecentRefLogCommits(Repository repo)
    {
        var since = DateTimeOffset.UtcNow - RefLogRetention;
        return repo.Db.RefLog.Read()
            .Where(e => e.Time >= since)
            .SelectMany(e => new[] { e.Old, e.New })
            .OfType<ObjectId>()
            .Distinct()
            .Where(id => repo.CommitStore.TryGet(id) is not null);
    }
}
