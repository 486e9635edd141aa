using Amazon.S3.Model;
using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary>An s3:// remote against s3rver: the same objects and negotiation as the other remotes.</summary>
public class S3RemoteTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public void Push_then_clone_from_object_storage_gives_the_same_data()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        source.Remotes.Add("origin", s3.Url("round-trip"), s3.Options);

        Assert.Equal(Datasets.Samples + 10, source.Remotes.Push().Stats.Blobs);
        using var clone = Repository.Clone(s3.Url("round-trip"), dir.Sub("clone"), new CloneOptions { Remote = s3.Options });

        Datasets.AssertSameData(source, clone);
        Assert.Empty(clone.Verify().Problems);
        Datasets.CommitLabel(source, 3000, 12_345);
        var second = source.Remotes.Push();
        Assert.Equal((1, 1), (second.Stats.Commits, second.Stats.Blobs));
        Assert.Single(clone.Remotes.Fetch().Updates);
    }

    [Fact]
    public void A_partial_clone_from_object_storage_fetches_only_one_column()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        source.Remotes.Add("origin", s3.Url("partial"), s3.Options);
        source.Remotes.Push();
        using var clone = Repository.Clone(s3.Url("partial"), dir.Sub("clone"), new CloneOptions { NoData = true, Remote = s3.Options });

        var labels = clone.Remotes.FetchData(new FetchDataOptions { Path = "/labels" });

        Assert.Equal(10 * (ObjectFrames.HeaderSize + 8 + 8), labels.Bytes);
        Assert.Equal(ErrorCode.MissingObject, Assert.Throws<NotFoundException>(() => clone.Checkout("main").Column("/images").Get(0)).Code);
    }

    [Fact]
    public void Branch_updates_are_compare_and_swap_and_non_fast_forwards_are_refused()
    {
        using var dir = new TempDir();
        using var a = Datasets.Create(dir.Sub("a"));
        a.Remotes.Add("origin", s3.Url("cas"), s3.Options);
        a.Remotes.Push();
        using var b = Repository.Clone(s3.Url("cas"), dir.Sub("b"), new CloneOptions { Remote = s3.Options });
        var first = a.Head!.Id;
        Datasets.CommitLabel(a, 1, 100);
        Datasets.CommitLabel(b, 2, 200);
        a.Remotes.Push();

        Assert.Equal(ErrorCode.NonFastForward, Assert.Throws<StateException>(() => b.Remotes.Push()).Code);
        using var store = RemoteStores.Open(s3.Url("cas"), s3.Options);
        Assert.Equal(ErrorCode.ConcurrentUpdate, Assert.Throws<StateException>(() => store.UpdateBranch("main", first, first)).Code);
        b.Remotes.Fetch();
        using (var w = b.OpenWriter())
            w.Merge("origin/main");
        b.Remotes.Push();
        Assert.Equal(b.Head!.Id, store.Branches()["main"]);
    }

    [Fact]
    public async Task A_corrupt_object_in_the_bucket_is_rejected_on_fetch()
    {
        using var dir = new TempDir();
        using var source = Datasets.Create(dir.Sub("source"));
        source.Remotes.Add("origin", s3.Url("corrupt"), s3.Options);
        source.Remotes.Push();
        var victim = source.Index.Snapshot()[0].Key;
        var key = $"corrupt/objects/blob/{victim}";
        using (var original = await s3.Client.GetObjectAsync(S3rverFixture.Bucket, key))
        {
            var bytes = new byte[original.ContentLength];
            original.ResponseStream.ReadExactly(bytes);
            bytes[^1] ^= 0xFF;
            var put = new PutObjectRequest { BucketName = S3rverFixture.Bucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false };
            put.Metadata["codec"] = original.Metadata["codec"];
            await s3.Client.PutObjectAsync(put);
        }

        var ex = Assert.Throws<CorruptObjectException>(() => Repository.Clone(s3.Url("corrupt"), dir.Sub("clone"), new CloneOptions { Remote = s3.Options }));
        Assert.Contains(victim.ToShortString(), ex.Message);
        using var clone = Repository.Open(dir.Sub("clone"));
        Assert.Null(clone.Head);
        Assert.False(clone.Index.Contains(victim));
    }
}
