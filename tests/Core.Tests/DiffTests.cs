using System.Text.Json.Nodes;
using Tessera.Tests.Support;

namespace Tessera.Tests;

public class DiffTests
{
    [Fact]
    public void Diff_reports_nodes_schemas_attributes_and_samples()
    {
        using var t = new TempRepo();
        t.Seed(20);
        using (var w = t.Repo.OpenWriter())
        {
            var col = w.Column("/images");
            col.Add<byte>(1, TempRepo.Image(1, 3));
            col.Add<byte>(2, TempRepo.Image(2, 3));
            col.Add<byte>(50, TempRepo.Image(50));
            col.Remove(0);
            w.SetAttribute("/images", "unit", JsonValue.Create("px"));
            w.Remove("/labels");
            w.CreateColumn("/captions", ColumnSchema.Str()).AddString(0, "zero");
            w.Commit("changes");
        }
        var diff = t.Repo.Diff("HEAD~1", "HEAD");
        var images = diff.Nodes.Single(n => n.Path == "/images");
        Assert.Equal((1, 1, 2), (images.Added, images.Removed, images.Mutated));
        Assert.Equal(["unit"], images.AttributesChanged);
        Assert.Equal(["0", "1", "2", "50"], images.Keys.Select(k => k.Key));
        Assert.Equal(SampleChange.Removed, images.Keys[0].Change);
        var labels = diff.Nodes.Single(n => n.Path == "/labels");
        Assert.Equal(NodeChange.Removed, labels.Change);
        Assert.Equal(20, labels.Removed);
        var captions = diff.Nodes.Single(n => n.Path == "/captions");
        Assert.Equal((NodeChange.Added, 1L), (captions.Change, captions.Added));
        Assert.Empty(t.Repo.Diff("HEAD", "HEAD").Nodes);
        var filtered = t.Repo.Diff("HEAD~1", "HEAD", new DiffOptions { PathGlob = "/cap*" });
        Assert.Equal(["/captions"], filtered.Nodes.Select(n => n.Path));
    }

    [Fact]
    public void Numeric_statistics_of_mutated_samples()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        var col = w.CreateColumn("/f", ColumnSchema.NDArray(DType.Float32, 4));
        col.Add<float>(0, [1, 2, 3, 4]);
        w.Commit("a");
        col.Add<float>(0, [1, 2.5f, 3, 1]);
        var staged = w.DiffStaged(options: new DiffOptions { Numeric = true });
        var stats = staged.Nodes.Single().Keys.Single().Numeric!;
        Assert.Equal(2, stats.ElementsChanged);
        Assert.Equal(3.0, stats.MaxAbsDifference);
        w.Commit("b");
        var committed = t.Repo.Diff("HEAD~1", "HEAD", new DiffOptions { Numeric = true });
        Assert.Equal(stats, committed.Nodes.Single().Keys.Single().Numeric);
    }

    [Fact]
    public void A_recreated_column_shows_as_removed_and_added()
    {
        using var t = new TempRepo();
        using var w = t.Repo.OpenWriter();
        w.CreateColumn("/x", ColumnSchema.NDArray(DType.UInt8, 2)).Add<byte>(0, [1, 2]);
        w.Commit("one");
        w.Remove("/x");
        w.CreateColumn("/x", ColumnSchema.NDArray(DType.UInt16, 2)).Add<ushort>(0, [1, 2]);
        w.Commit("re-created with another dtype");
        var diff = t.Repo.Diff("HEAD~1", "HEAD");
        Assert.Equal([NodeChange.Added, NodeChange.Removed], diff.Nodes.Select(n => n.Change).Order());
    }
}
