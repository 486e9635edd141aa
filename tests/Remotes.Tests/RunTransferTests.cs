using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary>
/// Columns stored in runs (design note 016) travel as their runs: a push, clone or partial fetch
/// moves a few run objects, the receiving side checks each against its run id, and every key
/// reads back the same.
/// </summary>
public class RunTransferTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const int Rows = 5_000;
    private const int Width = 16;

    [Fact]
    public void A_column_of_runs_is_pushed_and_cloned_over_http_as_its_runs()
    {
        using var dir = new TempDir();
        var url = server.Serve("runs", withData: false);
        using var source = Repository.Init(dir.Sub("source"));
        var data = Features(source);
        source.Remotes.Add("origin", url, server.Writer);

        var pushed = source.Remotes.Push();

        Assert.Equal(1, pushed.Stats.Blobs);   // 5,000 samples, one run
        using var clone = Repository.Clone(url, dir.Sub("clone"), new CloneOptions { Remote = server.Reader });
        var all = clone.Checkout("main").Column("/features").ReadBatch<float>(Keys());
        Assert.Equal(data, all);
        Assert.Empty(clone.Verify().Problems);
    }

    [Fact]
    public void A_partial_clone_fetches_the_run_of_the_keys_asked_for()
    {
        using var dir = new TempDir();
        using var hub = Repository.Init(dir.Sub("hub"));
        var data = Features(hub);
        using var clone = Repository.Clone(dir.Sub("hub"), dir.Sub("clone"), new CloneOptions { NoData = true });
        Assert.Equal(ErrorCode.MissingObject, Assert.Throws<NotFoundException>(() => clone.Checkout("main").Column("/features").Get(7)).Code);

        var fetched = clone.Remotes.FetchData(new FetchDataOptions { Path = "/features", Keys = [7, 4_999] });

        Assert.Equal(1, fetched.Blobs);
        Assert.Equal(data.AsSpan(7 * Width, Width).ToArray(), clone.Checkout("main").Column("/features").Get(7).ToArray<float>());
        Assert.Equal(data.AsSpan(4_999 * Width, Width).ToArray(), clone.Checkout("main").Column("/features").Get(4_999).ToArray<float>());
        Assert.Empty(clone.Verify().Problems);
    }

    /// <summary>Commits 5,000 float32[16] samples as one batch (one run); returns them.</summary>
    private static float[] Features(Repository repo)
    {
        var data = Vectors();
        using var w = repo.OpenWriter();
        w.CreateColumn("/features", ColumnSchema.NDArray(DType.Float32, Width));
        w.Column("/features").AddRange<float>(Keys(), data);
        w.Commit("features");
        return data;
    }

    private static SampleKey[] Keys() => [.. Enumerable.Range(0, Rows).Select(i => (SampleKey)i)];

    private static float[] Vectors()
    {
        var r = new Random(16);
        return [.. Enumerable.Range(0, Rows * Width).Select(_ => (float)r.NextDouble())];
    }
}
