using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// An operation that stages many changes of a column prepares the manifest its commit would build
/// (design note 017); the commit links it while nothing has changed since, and builds as before
/// otherwise. Each test compares the result with a repository that staged the same changes
/// without an operation (so without preparing), sample by sample and by manifest pages.
/// </summary>
public class PreparedManifestTests
{
    private const int Rows = 60_000;

    [Fact]
    public void A_commit_after_an_import_links_the_prepared_manifest_and_commits_what_building_commits()
    {
        using var pair = new Pair(then: w => Assert.NotNull(StageMeta(w, "prepared")), built: w => Assert.Null(StageMeta(w, "prepared")));
        // A later process commits: the staging log of the prepared column is not read at all,
        // which the damaged record shows (reading it would fail).
        FlipLastByteOfStagingLog(pair.Prepared);
        Assert.Equal(Commit(pair.Built), Commit(pair.Prepared));
        Assert.True(pair.Prepared.Repo.Verify().IsOk);
        Assert.Equal(Values(pair.Built), Values(pair.Prepared));
    }

    [Fact]
    public void A_change_staged_after_preparing_is_committed_too()
    {
        static void Edit(WriteCheckout w)
        {
            w.Column("/t/x").Add(7, new[] { -1.0 });
            w.Column("/t/x").Remove(8);
        }
        using var pair = new Pair(then: Edit, built: Edit);
        Assert.Equal(Commit(pair.Built), Commit(pair.Prepared));
        Assert.Equal(Rows - 1, pair.Prepared.Repo.Checkout("HEAD").Column("/t/x").Count);
    }

    [Fact]
    public void An_import_rolled_back_after_preparing_leaves_the_prepared_manifest_valid_again()
    {
        using var pair = new Pair(then: w =>
        {
            using (w.BeginOperation("import more"))
                Stage(w.Column("/t/x"), Rows, 1_000);   // disposed without Complete: rolled back
            Assert.Equal(Rows, w.Column("/t/x").Count);
        });
        Assert.Equal(Commit(pair.Built), Commit(pair.Prepared));
    }

    [Fact]
    public void Gc_between_an_import_and_its_commit_keeps_the_prepared_pages()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
            Import(w, 0, Rows);
        t.Repo.CollectGarbage(dryRun: false);
        Commit(t);
        Assert.True(t.Repo.Verify().IsOk);
        Assert.Equal(Rows, t.Repo.Checkout("HEAD").Column("/t/x").Count);
    }

    /// <summary>The same rows staged in two repositories: by an import (prepared) and by batch calls outside an operation (built at commit).</summary>
    private sealed class Pair : IDisposable
    {
        public Pair(Action<WriteCheckout>? then = null, Action<WriteCheckout>? built = null)
        {
            using (var w = this.Prepared.Repo.OpenWriter())
            {
                Import(w, 0, Rows);
                then?.Invoke(w);
            }
            using (var w = this.Built.Repo.OpenWriter())
            {
                Stage(w.CreateColumn("/t/x", ColumnSchema.NDArray(DType.Float64)), 0, Rows);
                built?.Invoke(w);
            }
        }

        public TempRepo Prepared { get; } = new();

        public TempRepo Built { get; } = new();

        public void Dispose()
        {
            this.Prepared.Dispose();
            this.Built.Dispose();
        }
    }

    private static void Import(WriteCheckout w, int from, int count)
    {
        using var operation = w.BeginOperation("import table");
        Stage(w.CreateColumn("/t/x", ColumnSchema.NDArray(DType.Float64)), from, count);
        operation.Complete();
    }

    private static void Stage(WritableColumn column, int from, int count)
    {
        // Two batches, as an importer stages row groups.
        int half = count / 2;
        foreach (var (start, n) in new[] { (from, half), (from + half, count - half) })
        {
            var keys = Enumerable.Range(start, n).Select(i => (SampleKey)i).ToArray();
            column.AddRange<double>(keys, Enumerable.Range(start, n).Select(i => i * 0.5).ToArray());
        }
    }

    private static string Commit(TempRepo t)
    {
        t.Reopen();
        using var w = t.Repo.OpenWriter();
        w.Commit("table");
        // Node ids differ between repositories; the manifest's pages are the same for the same entries.
        return Staging.PreparedManifests.Chain(t.Repo.LoadTree(t.Repo.Lookup("HEAD")).Get("/t/x").Manifest);
    }

    private static List<string> Values(TempRepo t)
    {
        var column = t.Repo.Checkout("HEAD").Column("/t/x");
        return [.. column.Entries().Select(e => $"{e.Key}={column.Get(e.Key).ToArray<double>()[0]}")];
    }

    private static string? StageMeta(WriteCheckout w, string key) =>
        w.Repo.Db.Scalar("SELECT value FROM stage_meta WHERE key = $k", ("$k", key)) as string;

    private static void FlipLastByteOfStagingLog(TempRepo t)
    {
        t.Repo.Dispose();
        var log = Assert.Single(Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "staging"), "*.log"));
        var bytes = File.ReadAllBytes(log);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(log, bytes);
    }
}
