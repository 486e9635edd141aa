using System.Collections.Concurrent;
using System.Diagnostics;
using Tessera.History;
using Tessera.Remotes.Tests.Support;
using Xunit.Abstractions;

namespace Tessera.Remotes.Tests;

/// <summary>The folder remote: a repository on this machine.</summary>
public sealed class FolderRemoteGcTests(ITestOutputHelper output) : RemoteGcTests(output)
{
    protected override bool HasHeadBranch => true;

    protected override RemoteOptions Options => new();

    protected override string NewRemote(TempDir dir, string name)
    {
        Repository.Init(dir.Sub(name)).Dispose();
        return dir.Sub(name);
    }

    [Fact]
    public void Gc_racing_20_pushes_loses_no_pushed_object() => this.RaceGcAgainst20Pushes();
}

/// <summary>A server: its repository is collected by the server (a token of scope force).</summary>
public sealed class HttpRemoteGcTests(ForceServerFixture server, ITestOutputHelper output) : RemoteGcTests(output), IClassFixture<ForceServerFixture>
{
    protected override bool HasHeadBranch => true;

    protected override RemoteOptions Options => server.Forcer;

    protected override string NewRemote(TempDir dir, string name) => server.Serve(name + Guid.NewGuid().ToString("N")[..6], withData: false);

    [Fact]
    public void Gc_on_a_server_needs_a_token_of_scope_force()
    {
        using var dir = new TempDir();
        using var repo = Datasets.Create(dir.Sub("source"));
        repo.Remotes.Add("origin", this.NewRemote(dir, "scope"), server.Writer);
        repo.Remotes.Push();

        var ex = Assert.Throws<TesseraException>(() => repo.Remotes.CollectGarbage());
        Assert.Equal(ErrorCode.AccessDenied, ex.Code);
        Assert.Contains("scope 'force'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gc_racing_20_pushes_loses_no_pushed_object() => this.RaceGcAgainst20Pushes();
}

/// <summary>A bucket on s3rver.</summary>
public sealed class S3rverRemoteGcTests(S3rverFixture s3, ITestOutputHelper output) : S3RemoteGcTests(s3, output), IClassFixture<S3rverFixture>
{
    protected override bool IsTransient(TesseraException error) => error.Code == ErrorCode.RemoteError;
}

/// <summary>A bucket on Ceph RGW, which enforces the conditional writes ref deletion relies on.</summary>
public sealed class RgwRemoteGcTests(RgwFixture s3, ITestOutputHelper output) : S3RemoteGcTests(s3, output), IClassFixture<RgwFixture>, IRunsOnRgw;

/// <summary>A bucket: no branch is checked out there, so any may be deleted; a name can be a branch and a tag at once.</summary>
public abstract class S3RemoteGcTests(S3ServerFixture s3, ITestOutputHelper output) : RemoteGcTests(output)
{
    protected override bool HasHeadBranch => false;

    protected override RemoteOptions Options => s3.Options;

    protected override string NewRemote(TempDir dir, string name) => s3.Url(name + "-" + Guid.NewGuid().ToString("N")[..6]);

    [S3Fact]
    public void Gc_racing_20_pushes_loses_no_pushed_object() => this.RaceGcAgainst20Pushes();

    [S3Fact]
    public void A_name_that_is_a_branch_and_a_tag_is_deleted_only_when_qualified()
    {
        using var dir = new TempDir();
        using var repo = this.PushedDataset(dir, "both", out var url);
        using (var store = RemoteStores.Open(url, this.Options))
            store.CreateTag("main", repo.Head!.Id);

        Assert.Equal(ErrorCode.AmbiguousRef, Assert.Throws<InvalidInputException>(() => repo.Remotes.PushDelete(["main"])).Code);
        repo.Remotes.PushDelete(["refs/tags/main"]);

        using var after = RemoteStores.Open(url, this.Options);
        Assert.Empty(after.Tags());
        Assert.Equal(["main"], after.Branches().Keys);
    }
}

/// <summary>
/// <c>push --delete</c> and <c>gc --remote</c> against every kind of remote, each test in a remote
/// of its own: refs deleted only where they were read, objects deleted only once an earlier gc
/// found them unreachable at least the grace period ago, and 20 pushes racing a gc loop losing nothing.
/// </summary>
public abstract class RemoteGcTests(ITestOutputHelper output)
{
    /// <summary>Whether the remote has a checked-out branch (HEAD) that may not be deleted.</summary>
    protected abstract bool HasHeadBranch { get; }

    protected abstract RemoteOptions Options { get; }

    /// <summary>The URL of a new, empty remote.</summary>
    protected abstract string NewRemote(TempDir dir, string name);

    /// <summary>The test dataset, pushed to a new remote named <c>origin</c>.</summary>
    protected Repository PushedDataset(TempDir dir, string name, out string url)
    {
        var repo = Datasets.Create(dir.Sub("source"));
        url = this.NewRemote(dir, name);
        repo.Remotes.Add("origin", url, this.Options);
        repo.Remotes.Push();
        return repo;
    }

    [S3Fact]
    public void Push_delete_removes_a_branch_and_a_tag_there_and_the_tracking_branch_here()
    {
        using var dir = new TempDir();
        using var repo = this.PushedDataset(dir, "delete", out var url);
        repo.Branches.Create("dev");
        repo.Tags.Create("v1");
        repo.Remotes.Push(new PushOptions { Branch = "dev", Tags = true });
        Assert.NotNull(repo.Refs.Get(RefKind.Remote, "origin/dev"));

        var deleted = repo.Remotes.PushDelete(["dev", "v1"]);

        Assert.Equal([("branch", "dev"), ("tag", "v1")], deleted.Select(d => (d.Kind, d.Name)));
        Assert.All(deleted, d => Assert.Equal(repo.Head!.Id, d.Old));
        using (var store = RemoteStores.Open(url, this.Options))
        {
            Assert.Equal(["main"], store.Branches().Keys);
            Assert.Empty(store.Tags());
        }
        Assert.Null(repo.Refs.Get(RefKind.Remote, "origin/dev"));
        Assert.NotNull(repo.Tags["v1"]);
        Assert.Empty(repo.Remotes.Fetch().Updates);

        // Created again where it was deleted (on a bucket, over the delete's marker if it is still there).
        repo.Remotes.Push(new PushOptions { Branch = "dev", Tags = true });
        using var again = RemoteStores.Open(url, this.Options);
        Assert.Equal(repo.Head!.Id, again.Branches()["dev"]);
        Assert.Equal(repo.Head!.Id, again.Tags()["v1"]);
    }

    [S3Fact]
    public void Push_delete_refuses_names_the_remote_lacks_and_its_checked_out_branch_and_changes_nothing()
    {
        using var dir = new TempDir();
        using var repo = this.PushedDataset(dir, "refuse", out var url);
        repo.Branches.Create("dev");
        repo.Remotes.Push(new PushOptions { Branch = "dev" });

        var missing = Assert.Throws<NotFoundException>(() => repo.Remotes.PushDelete(["dev", "nope"]));
        Assert.Equal(ErrorCode.RefNotFound, missing.Code);
        Assert.Contains("'nope'", missing.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.RefNotFound, Assert.Throws<NotFoundException>(() => repo.Remotes.PushDelete(["refs/tags/dev"])).Code);
        if (this.HasHeadBranch)
            Assert.Equal(ErrorCode.CurrentBranch, Assert.Throws<StateException>(() => repo.Remotes.PushDelete(["dev", "main"])).Code);
        using (var store = RemoteStores.Open(url, this.Options))
            Assert.Equal(["dev", "main"], store.Branches().Keys.Order());
        Assert.NotNull(repo.Refs.Get(RefKind.Remote, "origin/dev"));
        if (!this.HasHeadBranch)
        {
            repo.Remotes.PushDelete(["main"]);
            using var store = RemoteStores.Open(url, this.Options);
            Assert.Equal(["dev"], store.Branches().Keys);
        }
    }

    [S3Fact]
    public void A_ref_that_moved_since_it_was_read_is_not_deleted()
    {
        using var dir = new TempDir();
        using var repo = Datasets.Create(dir.Sub("source"));
        var url = this.NewRemote(dir, "moved");
        repo.Remotes.Add("origin", url, this.Options);
        repo.Branches.Create("dev");
        repo.Remotes.Push(new PushOptions { Branch = "dev" });
        using var store = RemoteStores.Open(url, this.Options);
        var read = store.Branches()["dev"];
        using (var w = repo.OpenWriter())
            w.SwitchBranch("dev");
        var moved = Datasets.CommitLabel(repo, 3, 33);
        repo.Remotes.Push(new PushOptions { Branch = "dev" });

        Assert.Equal(ErrorCode.ConcurrentUpdate, Assert.ThrowsAny<TesseraException>(() => store.DeleteBranch("dev", read)).Code);
        Assert.Equal(ErrorCode.RefNotFound, Assert.ThrowsAny<TesseraException>(() => store.DeleteBranch("gone", read)).Code);
        using var after = RemoteStores.Open(url, this.Options);
        Assert.Equal(moved.Id, after.Branches()["dev"]);
    }

    [S3Fact]
    public void Gc_deletes_what_no_ref_reaches_once_an_earlier_run_found_it_unreachable_a_grace_period_ago()
    {
        using var dir = new TempDir();
        using var repo = this.PushedDataset(dir, "collect", out var url);
        var side = Side(repo, "side", firstKey: 10_000, seed: 77, count: 50);
        repo.Remotes.Push(new PushOptions { Branch = "side" });
        repo.Remotes.PushDelete(["side"]);
        var onMain = repo.Checkout("main").Column("/images").Entries().Select(e => e.Id).ToHashSet();
        var sideBlobs = repo.Checkout("side").Column("/images").Entries().Select(e => e.Id).Where(id => !onMain.Contains(id)).ToList();
        Assert.Equal(50, sideBlobs.Count);

        // A long grace period: found unreachable, hidden from pushes, but nothing deleted.
        var young = repo.Remotes.CollectGarbage(new RemoteGcOptions { GracePeriod = TimeSpan.FromHours(1) });
        young = repo.Remotes.CollectGarbage(new RemoteGcOptions { GracePeriod = TimeSpan.FromHours(1) });
        Assert.Equal((0, 0, 0L), (young.Commits, young.Pages, young.Blobs));
        Assert.True(young.Waiting >= 51, $"{young.Waiting} waiting");
        using (var store = RemoteStores.Open(url, this.Options))
        {
            Assert.Equal(50, store.Get(ObjectKind.Blob, sideBlobs).Count());
            Assert.Empty(store.Have(ObjectKind.Blob, sideBlobs));
            Assert.Empty(store.Have(ObjectKind.Commit, [side.Id]));
        }

        var collected = repo.Remotes.CollectGarbage(new RemoteGcOptions { GracePeriod = TimeSpan.Zero });
        output.WriteLine($"{collected}");
        Assert.Equal((1, 50L), (collected.Commits, collected.Blobs));
        Assert.True(collected.Pages >= 1);
        Assert.Equal(0, collected.Waiting);
        using (var store = RemoteStores.Open(url, this.Options))
        {
            Assert.Equal(ErrorCode.MissingObject, Assert.ThrowsAny<TesseraException>(() => store.Get(ObjectKind.Blob, [sideBlobs[0]]).ToList()).Code);
            Assert.Equal(ErrorCode.MissingObject, Assert.ThrowsAny<TesseraException>(() => store.Get(ObjectKind.Commit, [side.Id]).ToList()).Code);
        }
        using var clone = Repository.Clone(url, dir.Sub("clone"), new CloneOptions { Remote = this.Options });
        Datasets.AssertSameData(repo, clone);
        Assert.Empty(clone.Verify().Problems);
    }

    /// <summary>
    /// The dedupe race made deterministic: once gc found an object unreachable, a push no longer
    /// counts on the remote's copy (which a later gc may delete while the push runs) but sends its own.
    /// </summary>
    [S3Fact]
    public void A_push_sends_again_what_gc_found_unreachable_and_gc_then_keeps_it()
    {
        using var dir = new TempDir();
        using var repo = this.PushedDataset(dir, "resend", out var url);
        Side(repo, "side", firstKey: 10_000, seed: 78, count: 40);
        repo.Remotes.Push(new PushOptions { Branch = "side" });
        repo.Remotes.PushDelete(["side"]);
        repo.Remotes.CollectGarbage(new RemoteGcOptions { GracePeriod = TimeSpan.Zero });

        AddImages(repo, firstKey: 20_000, seed: 78, count: 40);
        var pushed = repo.Remotes.Push();
        Assert.Equal(40, pushed.Stats.Blobs);

        var collected = repo.Remotes.CollectGarbage(new RemoteGcOptions { GracePeriod = TimeSpan.Zero });
        Assert.Equal(0L, collected.Blobs);
        using var clone = Repository.Clone(url, dir.Sub("clone"), new CloneOptions { Remote = this.Options });
        Assert.Empty(clone.Verify().Problems);
        var images = clone.Checkout("main").Column("/images");
        for (int j = 0; j < 40; j++)
            Assert.Equal(Datasets.Image(78, j), images.Get(20_000 + j).Bytes.ToArray());
    }

    /// <summary>
    /// 20 writers push to their own branches while gc runs over and over with a short grace period;
    /// each writer also pushes and deletes a scratch branch every round and puts its samples back on
    /// its branch in the next round (a push that counts on objects gc is about to delete). Afterwards
    /// a clone holds every commit any writer reported pushed, with all its objects intact. Run
    /// against a folder, a server and buckets (against the server it first found the blob index
    /// taking its lock and the database's in two orders, which deadlocked concurrent pushes).
    /// </summary>
    protected void RaceGcAgainst20Pushes()
    {
        const int Writers = 20;
        var grace = TimeSpan.FromSeconds(6);
        var minimum = TimeSpan.FromSeconds(20);
        // Pushing goes on past the minimum until a gc run has deleted something (on a slow store a
        // run takes seconds, and 20 s may end before the first deletion), within a bound.
        var maximum = TimeSpan.FromSeconds(120);
        int deleted = 0;
        using var dir = new TempDir();
        var url = this.NewRemote(dir, "race");
        using var owner = Repository.Init(dir.Sub("owner"));
        owner.Remotes.Add("origin", url, this.Options);
        var writers = Enumerable.Range(0, Writers).Select(i =>
        {
            var repo = Datasets.Create(dir.Sub($"w{i}"), seed: 100 + i);
            repo.Branches.Create($"w{i}");
            using (var w = repo.OpenWriter())
                w.SwitchBranch($"w{i}");
            repo.Remotes.Add("origin", url, this.Options);
            return repo;
        }).ToList();
        var pushed = new ConcurrentBag<(int Writer, ObjectId Commit)>();
        var runs = new ConcurrentQueue<RemoteGcResult>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        // Threads of their own: 21 blocking loops would starve the thread pool, and gc might never start.
        var collector = Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Tries again at once: on a folder the 20 writers would otherwise keep its lock nearly all the time.
                var run = Retry(() => owner.Remotes.CollectGarbage(new RemoteGcOptions { GracePeriod = grace }), pause: 1);
                runs.Enqueue(run);
                if (run.Commits + run.Pages + run.Blobs > 0)
                    Volatile.Write(ref deleted, 1);
                Thread.Sleep(100);
            }
        }, TaskCreationOptions.LongRunning);
        var pushes = writers.Select((repo, i) => Task.Factory.StartNew(() =>
        {
            for (int round = 0; round < 3 || clock.Elapsed < minimum || (Volatile.Read(ref deleted) == 0 && clock.Elapsed < maximum); round++)
            {
                if (round > 0)
                    AddImages(repo, firstKey: 30_000 + (round * 100), seed: Seed(i, round - 1), count: 10);
                AddImages(repo, firstKey: 1000 + (round * 100), seed: 7_000 + (i * 100) + round, count: 5);
                var result = Retry(() => repo.Remotes.Push(new PushOptions { Branch = $"w{i}" }));
                pushed.Add((i, result.NewTip));
                string scratch = $"s{i}-{round}";
                Side(repo, scratch, firstKey: 40_000, seed: Seed(i, round), count: 10);
                Retry(() => repo.Remotes.Push(new PushOptions { Branch = scratch }));
                bool tried = false;
                Retry(() =>
                {
                    try
                    {
                        return repo.Remotes.PushDelete([scratch]);
                    }
                    catch (NotFoundException) when (tried)
                    {
                        return [];    // an attempt that failed late had deleted it
                    }
                    finally
                    {
                        tried = true;
                    }
                });
                repo.Branches.Delete(scratch, force: true);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(pushes);
        stop.Cancel();
        collector.Wait();

        var all = runs.ToList();
        Assert.True(all.Count > 1, $"only {all.Count} gc run(s) finished while the pushes ran");
        output.WriteLine($"{pushed.Count} pushes and {all.Count} gc runs in {clock.Elapsed.TotalSeconds:0.0} s; gc deleted {all.Sum(r => r.Commits)} commits, " +
            $"{all.Sum(r => r.Pages)} pages, {all.Sum(r => r.Blobs)} samples, {all.Sum(r => r.BytesFreed)} bytes of packs, rewrote {all.Sum(r => r.PacksRewritten)} packs; " +
            $"a run took {all.Average(r => r.Elapsed.TotalSeconds):0.000} s on average, {all.Max(r => r.Elapsed.TotalSeconds):0.000} s at most; waiting: {string.Join(' ', all.Select(r => r.Waiting))}");
        Assert.True(all.Sum(r => r.Commits + r.Pages + r.Blobs) > 0, "gc deleted nothing while the pushes ran: the race was not exercised");
        using var clone = Repository.Clone(url, dir.Sub("clone"), new CloneOptions { Remote = this.Options });
        var problems = clone.Verify().Problems;
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        foreach (var (i, commit) in pushed)
            Assert.True(clone.Commits.IsAncestor(commit.ToString(), $"origin/w{i}"), $"writer {i}: pushed commit {commit.ToShortString()} is missing");
        for (int i = 0; i < Writers; i++)
        {
            var mine = writers[i].Checkout($"w{i}").Column("/images");
            var theirs = clone.Checkout($"origin/w{i}").Column("/images");
            Assert.Equal(mine.Count, theirs.Count);
            foreach (var (key, _, _) in mine.Entries())
                Assert.True(mine.Get(key).Bytes.Span.SequenceEqual(theirs.Get(key).Bytes.Span), $"writer {i}, key {key}");
        }
        writers.ForEach(w => w.Dispose());
    }

    private static int Seed(int writer, int round) => 50_000 + (writer * 100) + round;

    /// <summary>A branch made from the current one with <paramref name="count"/> images more; the current branch stays checked out.</summary>
    private static Commit Side(Repository repo, string branch, int firstKey, int seed, int count)
    {
        string back = repo.HeadBranch;
        repo.Branches.Create(branch);
        using (var w = repo.OpenWriter())
            w.SwitchBranch(branch);
        var commit = AddImages(repo, firstKey, seed, count);
        using (var w = repo.OpenWriter())
            w.SwitchBranch(back);
        return commit;
    }

    private static Commit AddImages(Repository repo, int firstKey, int seed, int count)
    {
        using var w = repo.OpenWriter();
        var images = w.Column("/images");
        for (int j = 0; j < count; j++)
            images.Add<byte>(firstKey + j, Datasets.Image(seed, j));
        return w.Commit($"{count} images from {firstKey}");
    }

    /// <summary>
    /// Whether a failed push or gc is one the remote asks to run again: a folder remote takes one
    /// writer at a time (another store holding its lock is waited out), and s3rver's overwrites are
    /// not atomic (a read racing a rewrite of a ref comes back torn, a RemoteError).
    /// </summary>
    protected virtual bool IsTransient(TesseraException error) => error.Code == ErrorCode.WriterLockHeld;

    private T Retry<T>(Func<T> action, int pause = 40)
    {
        while (true)
        {
            try
            {
                return action();
            }
            catch (TesseraException ex) when (this.IsTransient(ex))
            {
                Thread.Sleep(Random.Shared.Next(pause / 8, pause + 1));
            }
        }
    }
}
