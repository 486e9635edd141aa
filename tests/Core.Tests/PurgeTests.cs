using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>purge: a sample removed from every commit that holds it, and gone from packs and pages after gc.</summary>
public class PurgeTests
{
    /// <summary>16 random bytes: stored uncompressed (they do not compress), so a pack holds them verbatim.</summary>
    private static readonly byte[] Secret = [0x9e, 0x37, 0x79, 0xb9, 0x7f, 0x4a, 0x7c, 0x15, 0xf3, 0x9c, 0xc0, 0x60, 0x5c, 0xed, 0xc8, 0x34];

    /// <summary>main: seed, secret at key 100, then 4 more commits; tag v1 at the secret's commit; dev from the third commit with one more.</summary>
    private static (TempRepo Repo, ObjectId SecretId) History()
    {
        var t = new TempRepo();
        t.Seed(5);
        using var w = t.Repo.OpenWriter();
        var images = w.Column("/images");
        images.Add<byte>(100, Secret);
        w.Commit("add 100");
        t.Repo.Tags.Create("v1");
        for (int i = 0; i < 4; i++)
        {
            images.Add<byte>(i, TempRepo.Image(i, 50 + i));
            w.Commit($"edit {i}");
            if (i == 1)
                t.Repo.Branches.Create("dev");
        }
        w.SwitchBranch("dev");
        w.Column("/labels").Add<long>(3, [33]);
        w.Commit("dev edit");
        w.SwitchBranch("main");
        return (t, w.Column("/images").Get(100).Id);
    }

    private static bool PacksHold(TempRepo t, byte[] bytes) =>
        Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(bytes) >= 0);

    [Fact]
    public void Purge_rewrites_every_branch_and_tag_and_gc_then_leaves_no_trace()
    {
        var (t, secretId) = History();
        using var _ = t;
        var before = t.Repo.Commits.Query("main", "dev", "v1");
        var mainBefore = t.Repo.Checkout("main");
        Assert.True(PacksHold(t, Secret));

        PurgeResult result;
        using (var w = t.Repo.OpenWriter())
            result = w.Purge("/images", [100], new PurgeOptions { AllHistory = true });

        Assert.Equal(6, result.EntriesRemoved);   // add 100, edit 0..3 and dev edit
        Assert.Equal(["branch dev", "branch main", "tag v1"], result.Refs.Select(r => $"{r.Kind} {r.Name}").Order());
        var after = t.Repo.Commits.Query("main", "dev", "v1");
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Select(c => (c.Message, c.Author)), after.Select(c => (c.Message, c.Author)));
        Assert.All(after, c => Assert.False(t.Repo.Checkout(c.Id.ToString()).Column("/images").Contains(100)));
        var mainAfter = t.Repo.Checkout("main");
        for (int i = 0; i < 5; i++)
            Assert.Equal(mainBefore.Column("/images").Get(i).Bytes.ToArray(), mainAfter.Column("/images").Get(i).Bytes.ToArray());
        Assert.Equal(33L, t.Repo.Checkout("dev").Column("/labels").Get(3).ToArray<long>()[0]);
        Assert.Equal("seed", after[^1].Message);
        Assert.Equal(before[^1].Id, after[^1].Id);   // the commit before the secret is not rewritten

        // The ref log keeps the old commits until told; then their bytes go.
        Assert.True(PacksHold(t, Secret));
        var gc = t.Repo.CollectGarbage(dryRun: false, keepRefLogCommits: false);
        Assert.True(PacksHold(t, Secret) == false, gc.ToString());
        Assert.False(t.Repo.Index.Contains(secretId));
        var idBytes = secretId.ToBytes();
        Assert.All(t.Repo.Pages.List(), p => Assert.True(t.Repo.Pages.Raw(p.Id).AsSpan().IndexOf(idBytes) < 0, $"page {p.Id} names the secret"));
        Assert.True(t.Repo.Verify().IsOk);
        using (var w = t.Repo.OpenWriter())
            Assert.Equal(t.Repo.Head!.Id, w.BaseCommit!.Id);
    }

    [Fact]
    public void Purge_refuses_and_changes_nothing_when_it_cannot_finish_the_job()
    {
        var (t, _) = History();
        using var _ = t;
        var head = t.Repo.Head!.Id;
        using var w = t.Repo.OpenWriter();
        var others = Assert.Throws<StateException>(() => w.Purge("/images", [100]));
        Assert.Equal(ErrorCode.InvalidArgument, others.Code);
        Assert.Contains("branch dev", others.Message, StringComparison.Ordinal);
        Assert.Contains("tag v1", others.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.KeyNotFound, Assert.Throws<NotFoundException>(() => w.Purge("/images", [999], new PurgeOptions { AllHistory = true })).Code);
        Assert.Equal(ErrorCode.NodeNotFound, Assert.Throws<NotFoundException>(() => w.Purge("/nope", [100])).Code);
        w.Column("/labels").Add<long>(0, [1]);
        Assert.Equal(ErrorCode.StagedChanges, Assert.Throws<StateException>(() => w.Purge("/images", [100], new PurgeOptions { AllHistory = true })).Code);
        w.Reset();
        Assert.Equal(head, t.Repo.Head!.Id);
        Assert.True(t.Repo.Checkout("v1").Column("/images").Contains(100));
    }
}
