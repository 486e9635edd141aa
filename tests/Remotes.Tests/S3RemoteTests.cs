using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Tessera.History;
using Tessera.Remotes.Tests.Support;
using Tessera.Remotes.ObjectStorage;

namespace Tessera.Remotes.Tests;

/// <summary>The s3:// remote against s3rver.</summary>
public sealed class S3rverRemoteTests(S3rverFixture s3) : S3RemoteTests(s3), IClassFixture<S3rverFixture>;

/// <summary>
/// An s3:// remote: the same objects and negotiation as the other remotes, stored in packs with
/// indexes. Every test runs against each server (the subclasses above), each in its own prefix.
/// </summary>
public abstract class S3RemoteTests(S3ServerFixture s3)
{
    private const string Bucket = S3ServerFixture.Bucket;

    [S3Fact]
    public void Push_then_clone_gives_the_same_data_and_the_bucket_holds_only_packs_and_refs()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        source.Remotes.Add("origin", s3.Url("round-trip"), s3.Options);

        Assert.Equal(Datasets.Samples, source.Remotes.Push().Stats.Blobs); // the images: labels are inline samples
        using var clone = this.Clone("round-trip", dir.Sub("clone"));

        Datasets.AssertSameData(source, clone);
        Assert.Empty(clone.Verify().Problems);
        var keys = this.Keys("round-trip/");
        Assert.Equal(new[] { "round-trip/refs/heads/main" }, keys.Where(k => !k.StartsWith("round-trip/packs/", StringComparison.Ordinal)));
        var packs = keys.Where(k => k.EndsWith(".pack", StringComparison.Ordinal)).ToList();
        Assert.Single(packs);
        Assert.Contains(packs[0][..^".pack".Length] + ".idx", keys);

        Datasets.CommitLabel(source, 3000, 12_345);
        var second = source.Remotes.Push();
        Assert.Equal((1, 0), (second.Stats.Commits, second.Stats.Blobs));
        Assert.Equal(2, this.Keys("round-trip/packs/").Count(k => k.EndsWith(".idx", StringComparison.Ordinal)));
        Assert.Single(clone.Remotes.Fetch().Updates);
    }

    /// <summary>
    /// An API user references Tessera.Remotes and opens s3:// URLs like any other remote: no
    /// start-up call (this fixture makes none either) stands between Repository.Clone or a push and the bucket.
    /// </summary>
    [S3Fact]
    public void The_api_pushes_to_and_clones_from_s3_without_any_registration()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        source.Remotes.Add("origin", s3.Url("api"), s3.Options);

        var pushed = source.Remotes.Push();
        using var clone = Repository.Clone(s3.Url("api"), dir.Sub("clone"), new CloneOptions { NoData = true, Remote = s3.Options });
        clone.Remotes.EnableAutoFetch();

        Assert.Equal(pushed.NewTip, clone.Head!.Id);
        Assert.Equal(Datasets.Image(1, 3), clone.Checkout("main").Column("/images").Get(3).Bytes.ToArray());
    }

    [S3Fact]
    public void A_partial_clone_from_object_storage_fetches_only_one_column()
    {
        using var dir = new TempDir();
        using var source = this.Pushed(dir, "partial");
        using var clone = this.Clone("partial", dir.Sub("clone"), noData: true);

        var images = clone.Remotes.FetchData(new FetchDataOptions { Path = "/images", Keys = [5, 6] });

        Assert.Equal(2 * (ObjectFrames.HeaderSize + 8 + Datasets.ImageBytes), images.Bytes);
        Assert.Equal(Datasets.Image(1, 6), clone.Checkout("main").Column("/images").Get(6).Bytes.ToArray());
        Assert.Equal(ErrorCode.MissingObject, Assert.Throws<NotFoundException>(() => clone.Checkout("main").Column("/images").Get(0)).Code);
        // Labels are inline samples, readable without fetching.
        Assert.Equal(7, BitConverter.ToInt64(clone.Checkout("main").Column("/labels").Get(7).Bytes.Span));
    }

    [S3Fact]
    public void Tags_are_created_in_the_bucket_once_and_a_clone_gets_them()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        source.Remotes.Add("origin", s3.Url("tags"), s3.Options);
        source.Tags.Create("v1");

        Assert.Equal(["v1"], source.Remotes.Push(new PushOptions { Tags = true }).Tags);
        using var clone = this.Clone("tags", dir.Sub("clone"));

        Assert.Equal(source.Head!.Id, clone.Tags["v1"]!.Target);
        var next = Datasets.CommitLabel(source, 9, 99);
        source.Remotes.Push();
        using var store = RemoteStores.Open(s3.Url("tags"), s3.Options);
        store.CreateTag("v1", clone.Tags["v1"]!.Target);
        Assert.Equal(ErrorCode.RefExists, Assert.Throws<StateException>(() => store.CreateTag("v1", next.Id)).Code);
        Assert.Equal(clone.Tags["v1"]!.Target, store.Tags()["v1"]);
    }

    [S3Fact]
    public void Many_small_packs_upload_in_parallel_and_read_back_by_ranges()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        using (var store = this.SmallPackStore("small-packs"))
            Pusher.Run(source, store, "origin", "main", source.Head!.Id, force: false);
        Assert.True(this.Keys("small-packs/packs/").Count(k => k.EndsWith(".idx", StringComparison.Ordinal)) >= 10);

        using var clone = this.Clone("small-packs", dir.Sub("clone"));

        Datasets.AssertSameData(source, clone);
    }

    [S3Fact]
    public void An_interrupted_push_shows_only_complete_packs_and_a_rerun_sends_the_rest()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        var tip = source.Head!.Id;
        int held;
        using (var store = this.SmallPackStore("interrupted"))
        {
            var local = new LocalStore(source, ownsRepository: false);
            var missing = MissingObjects.Find(local, store, [tip]);
            var objects = local.Get(ObjectKind.Blob, missing.Blobs.ToList()).Concat(missing.Pages).Concat(missing.Commits);
            Assert.Throws<IOException>(() => store.Put(objects.Select((obj, i) => i < 157 ? obj : throw new IOException("the sender went away"))));
            held = store.Have(ObjectKind.Blob, missing.Blobs.ToList()).Count;
            Assert.InRange(held, 1, 156);
            Assert.Empty(store.Have(ObjectKind.Page, missing.Pages.Select(p => p.Id).ToList()));
        }
        // A pack whose index was never written (the push died between the two) stays invisible.
        this.Put("interrupted/packs/" + ObjectId.Hash([1, 2, 3]) + ".pack", [1, 2, 3]);

        using (var store = this.SmallPackStore("interrupted"))
        {
            var rerun = Pusher.Run(source, store, "origin", "main", tip, force: false);
            Assert.Equal(Datasets.Samples - held, rerun.Stats.Blobs);
        }
        using var clone = this.Clone("interrupted", dir.Sub("clone"));
        Datasets.AssertSameData(source, clone);
    }

    [S3Fact]
    public void Branch_updates_are_compare_and_swap_and_non_fast_forwards_are_refused()
    {
        using var dir = new TempDir();
        using var a = this.Pushed(dir, "cas");
        using var b = this.Clone("cas", dir.Sub("b"));
        var first = a.Head!.Id;
        Datasets.CommitLabel(a, 1, 100);
        Datasets.CommitLabel(b, 2, 200);
        a.Remotes.Push();

        Assert.Equal(ErrorCode.NonFastForward, Assert.Throws<StateException>(() => b.Remotes.Push()).Code);
        using var store = RemoteStores.Open(s3.Url("cas"), s3.Options);
        Assert.Equal(ErrorCode.ConcurrentUpdate, Assert.Throws<StateException>(() => store.UpdateBranch("main", first, first, force: false)).Code);
        b.Remotes.Fetch();
        using (var w = b.OpenWriter())
            w.Merge("origin/main");
        b.Remotes.Push();
        Assert.Equal(b.Head!.Id, store.Branches()["main"]);
    }

    [S3Fact]
    public async Task Conditional_writes_are_enforced_exactly_where_the_server_says_so()
    {
        string key = "conditional/refs/heads/main";
        this.Put(key, "a"u8.ToArray());
        var etag = (await s3.Client.GetObjectMetadataAsync(Bucket, key)).ETag;
        this.Put(key, "b"u8.ToArray());

        var stale = await Record.ExceptionAsync(() => s3.Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket, Key = key, ContentBody = "c", UseChunkEncoding = false, IfMatch = etag.Trim('"'),
        }));
        var exists = await Record.ExceptionAsync(() => s3.Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket, Key = key, ContentBody = "d", UseChunkEncoding = false, IfNoneMatch = "*",
        }));

        if (s3.Server.HonoursConditionalWrites)
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, Assert.IsType<AmazonS3Exception>(stale).StatusCode);
            Assert.Equal(HttpStatusCode.PreconditionFailed, Assert.IsType<AmazonS3Exception>(exists).StatusCode);
        }
        else
        {
            // s3rver stores both: there the branch update is only a read-compare-write.
            Assert.Null(stale);
            Assert.Null(exists);
        }
    }

    [S3Fact]
    public void A_flipped_byte_in_a_pack_is_refused_on_fetch_and_nothing_of_it_is_stored()
    {
        using var dir = new TempDir();
        using var source = this.Pushed(dir, "corrupt");
        var (pack, entries) = this.OnlyPack("corrupt/packs/");
        var victim = entries.First(e => e.Kind == ObjectKind.Blob);
        var bytes = this.Get(pack);
        bytes[victim.Offset + victim.Length - 1] ^= 0xFF;
        this.Put(pack, bytes);

        var ex = Assert.Throws<CorruptObjectException>(() => this.Clone("corrupt", dir.Sub("clone")));

        Assert.Equal(ErrorCode.CorruptObject, ex.Code);
        Assert.Contains(victim.Id.ToShortString(), ex.Message);
        using var clone = Repository.Open(dir.Sub("clone"));
        Assert.Null(clone.Head);
        Assert.False(clone.Index.Contains(victim.Id));
    }

    [S3Fact]
    public void A_truncated_index_is_refused_as_corrupt()
    {
        using var dir = new TempDir();
        using var source = this.Pushed(dir, "truncated");
        var (pack, _) = this.OnlyPack("truncated/packs/");
        var index = pack[..^".pack".Length] + ".idx";
        this.Put(index, this.Get(index)[..100]);

        var ex = Assert.Throws<CorruptObjectException>(() => this.Clone("truncated", dir.Sub("clone")));

        Assert.Contains(index, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [S3Fact]
    public void A_missing_bucket_and_an_unreachable_endpoint_are_remote_errors_without_a_stack_trace()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<TesseraException>(() => Repository.Clone("s3://no-such-bucket/x", dir.Sub("a"), new CloneOptions { Remote = s3.Options }));
        Assert.Equal(ErrorCode.RemoteError, missing.Code);
        Assert.Contains("'no-such-bucket' does not exist", missing.Message);

        var (exit, stdout, stderr) = ToolProcess.Run(dir.Path, "clone", "s3://tessera/x", "b", "--endpoint", "http://127.0.0.1:1");

        Assert.Equal(ErrorCode.RemoteError.ExitCode(), exit);
        Assert.Contains("Cannot reach", stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [S3Fact]
    public void A_malformed_commit_in_the_bucket_is_refused_on_fetch_and_no_tracking_ref_moves()
    {
        using var dir = new TempDir();
        using var source = this.Pushed(dir, "bad-commit");
        using var clone = this.Clone("bad-commit", dir.Sub("clone"));
        var head = source.Head!;
        var bad = Crafted.Commit(Crafted.CommitJson(head.Tree, [head.Id], author: "null"));
        this.PutPack("bad-commit/", bad);
        this.Put("bad-commit/refs/heads/main", Encoding.ASCII.GetBytes(bad.Id.ToString()));

        var ex = Assert.Throws<CorruptObjectException>(() => clone.Remotes.Fetch());

        Assert.Contains("\"author\" is null", ex.Message);
        Assert.Equal(head.Id, clone.Refs.Get(RefKind.Remote, "origin/main"));
        Assert.Null(clone.CommitStore.TryGet(bad.Id));
    }

    [S3Fact]
    public void A_tip_whose_tree_names_a_leaf_as_a_manifest_base_moves_no_tracking_ref()
    {
        using var dir = new TempDir();
        using var source = this.Pushed(dir, "wrong-kind");
        using var clone = this.Clone("wrong-kind", dir.Sub("clone"));
        var head = source.Head!;
        var tree = Crafted.TreeWithBase(source, head, Crafted.FirstLeaf(source, head));
        var commit = Crafted.Commit(Crafted.CommitJson(tree.Id, [head.Id]));
        this.PutPack("wrong-kind/", tree, commit);
        this.Put("wrong-kind/refs/heads/main", Encoding.ASCII.GetBytes(commit.Id.ToString()));

        var ex = Assert.Throws<CorruptObjectException>(() => clone.Remotes.Fetch());

        Assert.Contains("as an inner page", ex.Message);
        Assert.Equal(head.Id, clone.Refs.Get(RefKind.Remote, "origin/main"));
        Assert.Null(clone.CommitStore.TryGet(commit.Id));
        Assert.False(clone.Pages.Contains(tree.Id));
    }

    [S3Fact]
    public void A_tip_whose_tree_names_a_page_the_bucket_lacks_moves_no_tracking_ref()
    {
        using var dir = new TempDir();
        using var source = this.Pushed(dir, "dangling");
        using var clone = this.Clone("dangling", dir.Sub("clone"));
        var head = source.Head!;
        var absent = Crafted.Absent();
        var tree = Crafted.TreeWithBase(source, head, absent);
        var commit = Crafted.Commit(Crafted.CommitJson(tree.Id, [head.Id]));
        this.PutPack("dangling/", tree, commit);
        this.Put("dangling/refs/heads/main", Encoding.ASCII.GetBytes(commit.Id.ToString()));

        var ex = Assert.Throws<NotFoundException>(() => clone.Remotes.Fetch());

        Assert.Contains(absent.ToShortString(), ex.Message);
        Assert.Equal(head.Id, clone.Refs.Get(RefKind.Remote, "origin/main"));
        Assert.Null(clone.CommitStore.TryGet(commit.Id));
    }

    /// <summary>A dataset in <paramref name="dir"/>/source, pushed to <paramref name="prefix"/> as remote origin.</summary>
    protected Repository Pushed(TempDir dir, string prefix)
    {
        var source = Datasets.Create(dir.Sub("source"));
        source.Remotes.Add("origin", s3.Url(prefix), s3.Options);
        source.Remotes.Push();
        return source;
    }

    protected Repository Clone(string prefix, string path, bool noData = false) =>
        Repository.Clone(s3.Url(prefix), path, new CloneOptions { NoData = noData, Remote = s3.Options });

    /// <summary>A store writing packs of about 1 KiB, so a small dataset spans many packs and ranges.</summary>
    private S3RemoteStore SmallPackStore(string prefix) =>
        S3RemoteStore.Open(s3.Url(prefix), s3.Options, new PackLimits(PackBytes: 1024, UploadsInFlight: 4, ReadsInFlight: 4, RangeGap: 512, RangeBytes: 4096));

    /// <summary>Writes a pack and its index by hand, as a client that skips every check would.</summary>
    private void PutPack(string prefix, params TransferObject[] objects)
    {
        var bytes = objects.SelectMany(o => o.Data.ToArray()).ToArray();
        var entries = new List<PackEntry>();
        long offset = 0;
        foreach (var obj in objects)
        {
            entries.Add(new PackEntry(obj.Kind, obj.Id, obj.Codec, offset, obj.Data.Length));
            offset += obj.Data.Length;
        }
        var id = ObjectId.Hash(bytes);
        this.Put($"{prefix}packs/{id}.pack", bytes);
        this.Put($"{prefix}packs/{id}.idx", PackIndex.Encode(id, bytes.Length, entries));
    }

    private (string Pack, List<PackEntry> Entries) OnlyPack(string packs)
    {
        var index = Assert.Single(this.Keys(packs), k => k.EndsWith(".idx", StringComparison.Ordinal));
        var id = ObjectId.Parse(index[packs.Length..^".idx".Length]);
        return (index[..^".idx".Length] + ".pack", PackIndex.Decode(this.Get(index), id, index));
    }

    private List<string> Keys(string prefix) =>
        (s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix }).GetAwaiter().GetResult().S3Objects ?? []).Select(o => o.Key).ToList();

    private byte[] Get(string key)
    {
        using var response = s3.Client.GetObjectAsync(Bucket, key).GetAwaiter().GetResult();
        var bytes = new byte[response.ContentLength];
        response.ResponseStream.ReadExactly(bytes);
        return bytes;
    }

    private void Put(string key, byte[] bytes) =>
        s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false }).GetAwaiter().GetResult();
}
