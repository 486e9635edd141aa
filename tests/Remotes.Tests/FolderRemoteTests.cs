using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary>Push, fetch, pull, clone and partial clone with a repository folder as the remote.</summary>
public class FolderRemoteTests
{
    [Fact]
    public void Push_to_an_empty_repository_then_clone_gives_the_same_data()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        Repository.Init(dir.Sub("hub")).Dispose();
        source.Remotes.Add("origin", dir.Sub("hub"));

        var pushed = source.Remotes.Push();

        Assert.Null(pushed.OldTip);
        Assert.Equal(1, pushed.Stats.Commits);
        Assert.Equal(Datasets.Samples, pushed.Stats.Blobs); // the images: labels are inline samples, carried by the pages
        using var clone = Repository.Clone(dir.Sub("hub"), dir.Sub("clone"));
        Datasets.AssertSameData(source, clone);
        Assert.Empty(clone.Verify().Problems);
        Assert.True(source.Remotes.Push().UpToDate);
    }

    [Fact]
    public void Tags_go_with_push_tags_come_with_fetch_and_are_never_moved()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        Repository.Init(dir.Sub("hub")).Dispose();
        source.Remotes.Add("origin", dir.Sub("hub"));
        source.Tags.Create("v1");
        // A tag on a commit no branch of the remote will hold: its commit travels with it.
        source.Branches.Create("side");
        using (var w = source.OpenWriter())
        {
            w.SwitchBranch("side");
            w.Column("/labels").Add<long>(0, [42]);
            w.Commit("side work");
        }
        source.Tags.Create("side-1", "side");

        Assert.Empty(source.Remotes.Push(new PushOptions { Branch = "main" }).Tags);
        var pushed = source.Remotes.Push(new PushOptions { Branch = "main", Tags = true });

        Assert.True(pushed.UpToDate);
        Assert.Equal(["side-1", "v1"], pushed.Tags);
        using var clone = Repository.Clone(dir.Sub("hub"), dir.Sub("clone"));
        Assert.Equal(source.Tags["v1"]!.Target, clone.Tags["v1"]!.Target);
        Assert.Equal(42, clone.Checkout("side-1").Column("/labels").Get(0).AsSpan<long>()[0]);

        // Moving a tag is refused before anything moves; the remote keeps its tag.
        source.Tags.Delete("v1");
        var moved = Datasets.CommitLabel(source, 1, 7);
        source.Tags.Create("v1");
        Assert.Equal(ErrorCode.RefExists, Assert.Throws<StateException>(() => source.Remotes.Push(new PushOptions { Branch = "main", Tags = true })).Code);
        using (var hub = Repository.Open(dir.Sub("hub")))
            Assert.NotEqual(moved.Id, hub.Branches["main"]!.Tip);

        // A fetch keeps a local tag of the same name and reports the remote's.
        clone.Tags.Delete("side-1");
        clone.Tags.Create("side-1", "main");
        var fetched = clone.Remotes.Fetch();
        var kept = Assert.Single(fetched.Tags);
        Assert.Equal(("side-1", false), (kept.Name, kept.Created));
        Assert.Equal(clone.Branches["main"]!.Tip, clone.Tags["side-1"]!.Target);
    }

    [Fact]
    public void Fetch_moves_tracking_branches_only_and_pull_merges()
    {
        using var dir = new TempDir();
        using var hub = Datasets.Create(dir.Sub("hub"));
        using var clone = Repository.Clone(dir.Sub("hub"), dir.Sub("clone"));
        var added = Datasets.CommitLabel(hub, 500, 7);

        var fetched = clone.Remotes.Fetch();

        Assert.Equal([new TrackingUpdate("origin/main", hub.Lookup("main~1").Id, added.Id)], fetched.Updates);
        Assert.Equal(["main"], clone.Branches.List().Select(b => b.Name));
        Assert.NotEqual(added.Id, clone.Head!.Id);
        Assert.Equal(added.Id, clone.Lookup("origin/main").Id);
        using (var w = clone.OpenWriter())
            Assert.Equal(MergeStatus.FastForward, w.Merge("origin/main").Status);
        Assert.Equal(7, clone.Checkout("main").Column("/labels").Get(500).AsSpan<long>()[0]);
    }

    [Fact]
    public void A_non_fast_forward_push_is_refused_unless_forced()
    {
        using var dir = new TempDir();
        using var hub = Datasets.Create(dir.Sub("hub"));
        using var clone = Repository.Clone(dir.Sub("hub"), dir.Sub("clone"));
        var theirs = Datasets.CommitLabel(hub, 1, 100);
        var ours = Datasets.CommitLabel(clone, 2, 200);

        var refused = Assert.Throws<StateException>(() => clone.Remotes.Push());
        Assert.Equal(ErrorCode.NonFastForward, refused.Code);
        Assert.Contains("Fetch and merge them, then push again", refused.Message);
        Assert.Equal("origin", refused.Details[ErrorDetail.Remote]);
        Assert.Equal(theirs.Id, hub.Head!.Id);

        Assert.Equal(theirs.Id, clone.Remotes.Push(new PushOptions { Force = true }).OldTip);
        Assert.Equal(ours.Id, hub.Head!.Id);
    }

    [Fact]
    public void A_partial_clone_has_history_but_no_samples_until_fetch_data()
    {
        using var dir = new TempDir();
        using var hub = Datasets.Create(dir.Sub("hub"));
        using var clone = Repository.Clone(dir.Sub("hub"), dir.Sub("clone"), new CloneOptions { NoData = true });

        Assert.Equal(hub.Head!.Id, clone.Head!.Id);
        Assert.Equal(Datasets.Samples, clone.Checkout("main").Column("/images").Count);
        var missing = Assert.Throws<NotFoundException>(() => clone.Checkout("main").Column("/images").Get(3));
        Assert.Equal(ErrorCode.MissingObject, missing.Code);
        Assert.Contains("If it was cloned without data, fetch it", missing.Message);

        var some = clone.Remotes.FetchData(new FetchDataOptions { Path = "/images", Keys = [3, 4] });
        Assert.Equal(2, some.Blobs);
        Assert.Equal(2 * (ObjectFrames.HeaderSize + 8 + Datasets.ImageBytes), some.Bytes);
        Assert.Equal(Datasets.Image(1, 3), clone.Checkout("main").Column("/images").Get(3).Bytes.ToArray());
        Assert.Throws<NotFoundException>(() => clone.Checkout("main").Column("/images").Get(5));

        var rest = clone.Remotes.FetchData();
        Assert.Equal(Datasets.Samples - 2, rest.Blobs);
        Datasets.AssertSameData(hub, clone);
    }

    [Fact]
    public void Auto_fetch_reads_a_missing_sample_from_the_remote()
    {
        using var dir = new TempDir();
        using var hub = Datasets.Create(dir.Sub("hub"));
        using var clone = Repository.Clone(dir.Sub("hub"), dir.Sub("clone"), new CloneOptions { NoData = true });
        clone.Remotes.EnableAutoFetch();

        Assert.Equal(Datasets.Image(1, 42), clone.Checkout("main").Column("/images").Get(42).Bytes.ToArray());
    }

    [Fact]
    public void Merging_a_fetched_branch_needs_no_sample_data()
    {
        using var dir = new TempDir();
        using var hub = Datasets.Create(dir.Sub("hub"));
        using var clone = Repository.Clone(dir.Sub("hub"), dir.Sub("clone"), new CloneOptions { NoData = true });
        Datasets.CommitLabel(hub, 1, 100);
        Datasets.CommitLabel(clone, 2, 200);

        clone.Remotes.Fetch();
        using var w = clone.OpenWriter();
        var merged = w.Merge("origin/main");

        Assert.Equal(MergeStatus.Merged, merged.Status);
        Assert.Equal(2, clone.Commits.Query("main").First().Parents.Count);
    }

    [Fact]
    public void Removing_a_remote_removes_its_tracking_branches_and_gc_keeps_them_while_it_exists()
    {
        using var dir = new TempDir();
        using var hub = Datasets.Create(dir.Sub("hub"));
        using var clone = Repository.Clone(dir.Sub("hub"), dir.Sub("clone"));
        var remoteOnly = Datasets.CommitLabel(hub, 1009, 9);
        clone.Remotes.Fetch();

        clone.CollectGarbage(dryRun: false);
        Assert.Equal(remoteOnly.Id, clone.Lookup("origin/main").Id);

        clone.Remotes.Remove("origin");
        Assert.Empty(clone.Remotes.List());
        Assert.Throws<NotFoundException>(() => clone.Lookup("origin/main"));
        var unknown = Assert.Throws<NotFoundException>(() => clone.Remotes.Fetch());
        Assert.Equal(ErrorCode.RemoteNotFound, unknown.Code);
    }
}
