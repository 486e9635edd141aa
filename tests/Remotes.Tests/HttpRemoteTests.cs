using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary>Push, fetch, pull, clone and partial clone against a real server on 127.0.0.1.</summary>
public class HttpRemoteTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public void Clone_push_fetch_and_pull_round_trip_over_http()
    {
        using var dir = new TempDir();
        var url = server.Serve("round-trip", withData: true);
        using var alice = Repository.Clone(url, dir.Sub("alice"), new CloneOptions { Remote = server.Writer });
        using var bob = Repository.Clone(url, dir.Sub("bob"), new CloneOptions { Remote = server.Writer });
        using (var hub = Repository.Open(Path.Combine(server.Root, "round-trip")))
            Datasets.AssertSameData(hub, alice);

        var change = Datasets.CommitLabel(alice, 1000, 12_345);
        var pushed = alice.Remotes.Push();
        Assert.Equal(1, pushed.Stats.Commits);
        Assert.Equal(0, pushed.Stats.Blobs); // a label is an inline sample: the pages carry it

        var fetched = bob.Remotes.Fetch();
        Assert.Equal(change.Id, Assert.Single(fetched.Updates).NewTip);
        using (var w = bob.OpenWriter())
            w.Merge("origin/main");
        Assert.Equal(12_345, bob.Checkout("main").Column("/labels").Get(1000).AsSpan<long>()[0]);
        Assert.Empty(bob.Verify().Problems);
    }

    [Fact]
    public void A_partial_clone_over_http_fetches_only_the_column_asked_for()
    {
        using var dir = new TempDir();
        var url = server.Serve("partial", withData: true);
        using var clone = Repository.Clone(url, dir.Sub("clone"), new CloneOptions { NoData = true, Remote = server.Reader });

        // Labels are inline samples: they came with the bookkeeping, so fetching them moves nothing.
        Assert.Equal(3, clone.Checkout("main").Column("/labels").Get(13).AsSpan<long>()[0]);
        var labels = clone.Remotes.FetchData(new FetchDataOptions { Path = "/labels" });
        Assert.Equal((0, 0L), (labels.Blobs, labels.Bytes));

        var images = clone.Remotes.FetchData(new FetchDataOptions { Path = "/images", Keys = [0, 1, 2] });

        Assert.Equal(3, images.Blobs);
        Assert.Equal(3 * (ObjectFrames.HeaderSize + 8 + Datasets.ImageBytes), images.Bytes);
        Assert.Equal(Datasets.Image(1, 2), clone.Checkout("main").Column("/images").Get(2).Bytes.ToArray());
        Assert.Equal(ErrorCode.MissingObject, Assert.Throws<NotFoundException>(() => clone.Checkout("main").Column("/images").Get(3)).Code);
    }

    [Fact]
    public void Tags_are_created_over_http_and_a_clone_gets_them()
    {
        using var dir = new TempDir();
        var url = server.Serve("tags", withData: true);
        using var alice = Repository.Clone(url, dir.Sub("alice"), new CloneOptions { Remote = server.Writer });
        alice.Tags.Create("release-1");

        Assert.Equal(["release-1"], alice.Remotes.Push(new PushOptions { Tags = true }).Tags);
        using var bob = Repository.Clone(url, dir.Sub("bob"), new CloneOptions { Remote = server.Reader });

        Assert.Equal(alice.Head!.Id, bob.Tags["release-1"]!.Target);
        using var store = new HttpRemoteStore(url, ServerFixture.WriteToken);
        var other = Datasets.CommitLabel(alice, 5, 55);
        alice.Remotes.Push();
        Assert.Equal(ErrorCode.RefExists, Assert.Throws<TesseraException>(() => store.CreateTag("release-1", other.Id)).Code);
        Assert.Equal(ErrorCode.InvalidName, Assert.Throws<TesseraException>(() => store.CreateTag("-bad", other.Id)).Code);
    }

    [Fact]
    public void Concurrent_pushes_never_lose_a_commit()
    {
        using var dir = new TempDir();
        var url = server.Serve("race", withData: true);
        var clones = Enumerable.Range(0, 2).Select(i => Repository.Clone(url, dir.Sub($"c{i}"), new CloneOptions { Remote = server.Writer })).ToList();
        var commits = clones.Select((c, i) => Datasets.CommitLabel(c, 2000 + i, i)).ToList();
        using var start = new Barrier(2);

        var outcomes = clones.AsParallel().WithDegreeOfParallelism(2).Select(c =>
        {
            start.SignalAndWait();
            try
            {
                c.Remotes.Push();
                return (ErrorCode?)null;
            }
            catch (StateException ex)
            {
                return ex.Code;
            }
        }).ToList();

        Assert.Single(outcomes, o => o is null);
        var loser = clones[outcomes.FindIndex(o => o is not null)];
        Assert.Contains(outcomes.Single(o => o is not null), new ErrorCode?[] { ErrorCode.ConcurrentUpdate, ErrorCode.NonFastForward });
        loser.Remotes.Fetch();
        using (var w = loser.OpenWriter())
            Assert.Equal(MergeStatus.Merged, w.Merge("origin/main").Status);
        loser.Remotes.Push();
        using var hub = Repository.Open(Path.Combine(server.Root, "race"));
        Assert.All(commits, c => Assert.True(hub.Commits.IsAncestor(c.Id.ToString(), "main")));
        clones.ForEach(c => c.Dispose());
    }

    [Fact]
    public void The_push_error_for_a_concurrent_update_says_to_fetch_and_merge()
    {
        using var dir = new TempDir();
        var url = server.Serve("cas", withData: true);
        using var clone = Repository.Clone(url, dir.Sub("clone"), new CloneOptions { Remote = server.Writer });
        using var store = new HttpRemoteStore(url, ServerFixture.WriteToken);
        var tip = store.Branches()["main"];
        var mine = Datasets.CommitLabel(clone, 1001, 1);
        clone.Remotes.Push();

        // Someone who read the old tip tries to move the branch: the compare-and-swap refuses.
        var ex = Assert.Throws<TesseraException>(() => store.UpdateBranch("main", tip, tip, force: false));
        Assert.Equal(ErrorCode.ConcurrentUpdate, ex.Code);
        Assert.Equal(mine.Id, store.Branches()["main"]);
    }

    [Fact]
    public void An_interrupted_clone_resumes_when_run_again()
    {
        using var dir = new TempDir();
        var url = server.Serve("resume", withData: true);
        var target = dir.Sub("clone");
        using (var hub = Repository.Open(Path.Combine(server.Root, "resume")))
        using (var partial = Repository.Init(target))
        {
            // What an interrupted clone leaves: the remote configured, some samples, no commits or branches.
            partial.Remotes.Add("origin", url, server.Reader);
            using var store = new HttpRemoteStore(url, ServerFixture.ReadToken);
            var someBlobs = hub.Index.Snapshot().Take(50).Select(e => e.Key).ToList();
            new LocalStore(partial, ownsRepository: false).Put(store.Get(ObjectKind.Blob, someBlobs));
            Assert.Null(partial.Head);

            // The rerun sends only what is still missing.
            Assert.Equal(Datasets.Samples - 50, partial.Remotes.Fetch().Stats.Blobs);
        }

        using var clone = Repository.Clone(url, target, new CloneOptions { Remote = server.Reader });
        using var served = Repository.Open(Path.Combine(server.Root, "resume"));
        Datasets.AssertSameData(served, clone);
    }
}
