using Tessera.Tests.Support;

namespace Tessera.Tests;

public class BasicFlowTests
{
    [Fact]
    public void Commit_then_read_back_bit_for_bit()
    {
        using var t = new TempRepo();
        var commit = t.Seed(200);
        var repo = t.Reopen();
        var checkout = repo.Checkout("main");
        Assert.Equal(commit.Id, checkout.Commit.Id);
        var images = checkout.Column("images");
        Assert.Equal(200, images.Count);
        for (int i = 0; i < 200; i++)
            Assert.Equal(TempRepo.Image(i), images.Get(i).ToArray<byte>());
        Assert.Equal(7, checkout.Column("/labels").Get(17).ToArray<long>()[0]);
        Assert.Equal([4, 4], images.Get(3).Shape);
    }

    [Fact]
    public void Diff_counts_changes_and_merge_three_way()
    {
        using var t = new TempRepo();
        t.Seed(100);
        var repo = t.Repo;
        repo.Branches.Create("dev");
        using (var w = repo.OpenWriter())
        {
            w.SwitchBranch("dev");
            var images = w.Column("/images");
            for (int i = 0; i < 10; i++)
                images.Add<byte>(i, TempRepo.Image(i, salt: 1));
            w.Commit("dev changes");
            w.SwitchBranch("main");
            images = w.Column("/images");
            for (int i = 50; i < 60; i++)
                images.Add<byte>(i, TempRepo.Image(i, salt: 2));
            for (int i = 100; i < 105; i++)
                images.Add<byte>(i, TempRepo.Image(i));
            w.Column("/labels").Remove(99);
            w.Commit("main changes");
            var diff = repo.Diff("main~1", "dev");
            var node = Assert.Single(diff.Nodes);
            Assert.Equal(10, node.Mutated);
            var result = w.Merge("dev");
            Assert.Equal(MergeStatus.Merged, result.Status);
            Assert.Equal(2, result.Commit!.Parents.Count);
        }
        var merged = repo.Checkout("main");
        Assert.Equal(TempRepo.Image(3, 1), merged.Column("images").Get(3).ToArray<byte>());
        Assert.Equal(TempRepo.Image(55, 2), merged.Column("images").Get(55).ToArray<byte>());
        Assert.Equal(105, merged.Column("images").Count);
        Assert.Equal(99, merged.Column("labels").Count);
        Assert.True(repo.Verify().IsOk);
    }
}

public class SummaryTests
{
    [Fact]
    public void Summary_counts_nodes_samples_and_disk()
    {
        using var t = new TempRepo();
        t.Seed(30);
        var summary = t.Repo.Summarize();
        Assert.Equal(60, summary.Samples);
        Assert.Equal(["/images", "/labels"], summary.Nodes.Select(n => n.Path));
        // The labels (int64 scalars) are inline samples: only the images are stored.
        Assert.Equal(30, summary.Disk.Blobs);
        Assert.True(summary.Disk.PackBytes >= 30 * 16);
        Assert.True(summary.Disk.DatabaseBytes > 0);
        Assert.Equal(t.Repo.Head!.Id, summary.Commit.Id);
    }
}
