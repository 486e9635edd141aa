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
    public void A_column_built_as_it_stages_keeps_no_copy_of_its_changes_and_reads_them_from_its_tree_once_complete()
    {
        using var pair = new Pair(
            during: w => Assert.Equal(InOperation(w), StagedChanges(w).IsHeld),
            then: w =>
            {
                // The tree stands for the changes: read from its pages, in the same process.
                Assert.False(w.Staging.ChangesFor(w.Column("/t/x").Node.Id) is { IsHeld: true });
                Assert.Equal(Rows, w.Column("/t/x").Count);
                Assert.Equal([9.5], w.Column("/t/x").Get(19).ToArray<double>());
            });
        Assert.Equal(Commit(pair.Built), Commit(pair.Prepared));
        Assert.Equal(Values(pair.Built), Values(pair.Prepared));
    }

    [Fact]
    public void A_small_import_s_new_column_is_prepared_from_the_tree_built_as_it_staged()
    {
        const int rows = 1_000;
        using var prepared = new TempRepo();
        using var built = new TempRepo();
        using (var w = prepared.Repo.OpenWriter())
            Import(w, 0, rows, during: w => Assert.True(StagedChanges(w).IsHeld));
        using (var w = built.Repo.OpenWriter())
            Stage(ColumnOf(w), 0, rows);
        Assert.NotNull(StageMeta(prepared.Repo, "prepared"));
        var (_, data) = Assert.Single(LogRecords(prepared));
        Assert.Equal(1, data[0]);
        Assert.Equal(Commit(built), Commit(prepared));
        Assert.Equal(Values(built), Values(prepared));
    }

    [Theory]
    [InlineData("a key again")]
    [InlineData("a removal")]
    [InlineData("a batch of decreasing keys")]
    [InlineData("a key before the import")]
    [InlineData("a read")]
    public void A_column_not_staged_in_increasing_batches_alone_is_prepared_from_its_staged_changes(string change)
    {
        // The import's manifests are built while it stages, batch by batch (ManifestsInAdvance);
        // a change of any other kind to the column must leave it to be built from the staged changes.
        void Before(WriteCheckout w)
        {
            if (change == "a key before the import")
                w.CreateColumn("/t/x", ColumnSchema.NDArray(DType.Float64)).Add(Rows + 5, new[] { 3.0 });
        }
        void During(WriteCheckout w)
        {
            var x = w.Column("/t/x");
            if (change == "a key again")
                x.Add(7, new[] { -1.0 });
            else if (change == "a removal")
                x.Remove(8);
            else if (change == "a batch of decreasing keys")
                x.AddRange<double>([.. Enumerable.Range(Rows, 100).Reverse().Select(i => (SampleKey)i)], Enumerable.Repeat(2.0, 100).ToArray());
            else if (change == "a read")
                ReadBack(w);
        }
        using var pair = new Pair(before: Before, during: During);
        Assert.NotNull(StageMeta(pair.Prepared.Repo, "prepared"));
        // Left out of the tree built in advance, the column's changes are in the log, read by a later process.
        Assert.Equal(StagedCounts(pair.Built), StagedCounts(pair.Prepared));
        Assert.Equal(Commit(pair.Built), Commit(pair.Prepared));
        Assert.Equal(Values(pair.Built), Values(pair.Prepared));
    }

    [Fact]
    public void An_import_of_short_vectors_stored_as_runs_is_prepared_as_building_commits()
    {
        // float32[16]: 64-byte items, staged as run items (design note 016).
        var schema = ColumnSchema.NDArray(DType.Float32, 16);
        void StageRuns(WritableColumn column)
        {
            for (int start = 0; start < Rows; start += Rows / 3)
            {
                var keys = Enumerable.Range(start, Rows / 3).Select(i => (SampleKey)i).ToArray();
                column.AddRange<float>(keys, Enumerable.Range(start * 16, keys.Length * 16).Select(i => (i % 1000) / 10f).ToArray());
            }
        }
        using var prepared = new TempRepo();
        using var built = new TempRepo();
        using (var w = prepared.Repo.OpenWriter())
        {
            using var operation = w.BeginOperation("import table");
            StageRuns(w.CreateColumn("/t/x", schema));
            operation.Complete();
            Assert.NotNull(StageMeta(w, "prepared"));
        }
        using (var w = built.Repo.OpenWriter())
            StageRuns(w.CreateColumn("/t/x", schema));
        Assert.Equal(Commit(built), Commit(prepared));
        var a = built.Repo.Checkout("HEAD").Column("/t/x");
        var b = prepared.Repo.Checkout("HEAD").Column("/t/x");
        Assert.Equal(Rows, b.Count);
        foreach (int i in new[] { 0, 1, Rows / 3, Rows - 1 })
            Assert.Equal(a.Get(i).ToArray<float>(), b.Get(i).ToArray<float>());
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

    [Fact]
    public void An_import_s_new_column_is_logged_as_one_tree_record_that_a_later_process_reads_as_its_changes()
    {
        using var pair = new Pair();
        // Not 60,000 keys and ids: the tree built while the import staged names them.
        var (_, data) = Assert.Single(LogRecords(pair.Prepared));
        Assert.Equal(1, data[0]);
        Assert.Equal(1 + 32 + 3, data.Length);   // the marker, the root page's id, 60,000 as a varint

        Assert.Equal((Rows, 0L, 0L), StagedCounts(pair.Prepared));
        // An edit makes the prepared manifest stale: the commit builds from the changes the record names.
        static void Edit(WriteCheckout w)
        {
            Assert.Equal(Rows, w.Column("/t/x").Count);
            Assert.Equal([9.5], w.Column("/t/x").Get(19).ToArray<double>());
            w.Column("/t/x").Add(7, new[] { -1.0 });
            w.Column("/t/x").Remove(8);
        }
        using (var w = pair.Prepared.Repo.OpenWriter())
            Edit(w);
        using (var w = pair.Built.Repo.OpenWriter())
            Edit(w);
        Assert.Equal(Commit(pair.Built), Commit(pair.Prepared));
        Assert.Equal(Values(pair.Built), Values(pair.Prepared));
        Assert.True(pair.Prepared.Repo.Verify().IsOk);
    }

    [Fact]
    public void Status_diff_and_get_of_an_import_read_its_prepared_manifest_not_the_staged_changes()
    {
        using var pair = new Pair();
        // Reading the staged changes would fail on the damaged record: status counts from the
        // prepared manifest, and a diff with keys and a get read its pages.
        FlipLastByteOfStagingLog(pair.Prepared);
        pair.Prepared.Reopen();
        var view = StagedView.Open(pair.Prepared.Repo);
        var staged = view.Status().Staged;
        Assert.Equal((Rows, 0L, 0L), (staged.Added, staged.Removed, staged.Mutated));
        Assert.Equal(Rows, view.Node("/t/x").Count);
        Assert.Equal([9.5], view.Column("/t/x").Get(19).ToArray<double>());
        Assert.Equal(Rows, view.Column("/t/x").Count);
        var options = new DiffOptions { IncludeKeys = true, MaxKeys = 5 };
        var keys = Assert.Single(view.Diff(options: options).Nodes, n => n.Path == "/t/x").Keys;
        var built = Assert.Single(StagedView.Open(pair.Built.Repo).Diff(options: options).Nodes, n => n.Path == "/t/x").Keys;
        Assert.Equal(built.Select(k => (k.Key, k.Change, k.New)), keys.Select(k => (k.Key, k.Change, k.New)));
        Assert.Equal(["0", "1", "2", "3", "4"], keys.Select(k => k.Key));
    }

    [Fact]
    public void Gc_keeps_the_tree_a_record_names_after_another_import_prepared_the_column_again()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            Import(w, 0, Rows);
            // Staged over the first: built from the staged changes, with other leaves (other values).
            using var operation = w.BeginOperation("import again");
            w.Column("/t/x").AddRange<double>([.. Enumerable.Range(0, Rows).Select(i => (SampleKey)i)], Enumerable.Range(0, Rows).Select(i => i * 2.0).ToArray());
            operation.Complete();
        }
        Assert.Equal([1, 0], LogRecords(t).Select(r => r.Data[0]));
        t.Repo.CollectGarbage(dryRun: false);
        Assert.True(t.Repo.Verify().IsOk);

        t.Reopen();
        using (var w = t.Repo.OpenWriter())
        {
            // Reading the column's changes decodes both records, the first from its tree's pages.
            Assert.Equal(Rows, w.Column("/t/x").Count);
            Assert.Equal([38.0], w.Column("/t/x").Get(19).ToArray<double>());
        }
        Commit(t);
        Assert.Equal([38.0], t.Repo.Checkout("HEAD").Column("/t/x").Get(19).ToArray<double>());
    }

    [Fact]
    public void A_tree_record_whose_pages_are_gone_makes_the_staging_area_unreadable_and_reset_discards_it()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
            Import(w, 0, Rows);
        var root = ObjectId.Read(Assert.Single(LogRecords(t)).Data.AsSpan(1, 32));
        t.Repo.Dispose();
        using (var connection = StoredForms.OpenDatabase(t))
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "DELETE FROM pages WHERE id = $id";
            cmd.Parameters.AddWithValue("$id", root.ToBytes());
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        t.Reopen();

        // The prepared manifest names the same tree: verify reports it as the staging area's problem.
        var problem = Assert.Single(t.Repo.Verify().Problems);
        Assert.Equal("staging", problem.Kind);
        Assert.Equal("The staging area holds a manifest prepared for its commit, and a page of it is missing or damaged. Discard the staging area.", problem.Message);
        using var w2 = t.Repo.OpenWriter();
        var error = Assert.Throws<CorruptObjectException>(() => w2.Column("/t/x").Count);
        Assert.Equal("staging", error.Details[ErrorDetail.Area]);
        Assert.Equal($"The staging log names tree {root.ToShortString()} for staged changes, and a page of it is missing or damaged. Discard the staging area.", error.Message);
        w2.Reset();
        Assert.DoesNotContain(w2.Nodes, n => n.Path == "/t/x");
        Assert.True(t.Repo.Verify().IsOk);
    }

    /// <summary>
    /// Reads staged samples while the column's builder holds them: it gives them back, and the
    /// batch staged after the read is staged as any change (the column is built from them all).
    /// </summary>
    private static void ReadBack(WriteCheckout w)
    {
        var x = w.Column("/t/x");
        // A key after every staged one is not looked for among them.
        Assert.False(x.TryGet(Rows + 1, out _));
        Assert.Equal(InOperation(w), StagedChanges(w).IsHeld);
        Assert.Equal([9.5], x.Get(19).ToArray<double>());
        Assert.False(StagedChanges(w).IsHeld);
        Assert.Equal(Rows, x.Count);
        x.AddRange<double>([.. Enumerable.Range(Rows, 10).Select(i => (SampleKey)i)], Enumerable.Repeat(4.0, 10).ToArray());
    }

    private static Staging.NodeChanges StagedChanges(WriteCheckout w) => w.Staging.ChangesFor(w.Column("/t/x").Node.Id);

    /// <summary>Whether the rows are staged by an import (the pair's prepared side), whose builder holds them.</summary>
    private static bool InOperation(WriteCheckout w) => w.Staging.Running is not null;

    /// <summary>What a later process reads as staged: keys added, removed and changed.</summary>
    private static (long Added, long Removed, long Mutated) StagedCounts(TempRepo t)
    {
        t.Reopen();
        var staged = StagedView.Open(t.Repo).Status().Staged;
        return (staged.Added, staged.Removed, staged.Mutated);
    }

    /// <summary>The staging log's records as the database's extent names them: each node id and its changes.</summary>
    private static List<(string Node, byte[] Data)> LogRecords(TempRepo t)
    {
        var log = new Staging.StagingLog(t.Repo.Db);
        return [.. log.Read(0, log.Extent().Length).Select(r => (r.Node, r.Data.ToArray()))];
    }

    /// <summary>The same rows staged in two repositories: by an import (prepared) and by batch calls outside an operation (built at commit).</summary>
    private sealed class Pair : IDisposable
    {
        /// <param name="before">Run in both before the rows are staged.</param>
        /// <param name="during">Run in both after the rows are staged: in the import's operation, and before the other's commit.</param>
        public Pair(Action<WriteCheckout>? then = null, Action<WriteCheckout>? built = null, Action<WriteCheckout>? before = null, Action<WriteCheckout>? during = null)
        {
            using (var w = this.Prepared.Repo.OpenWriter())
            {
                before?.Invoke(w);
                Import(w, 0, Rows, during);
                then?.Invoke(w);
            }
            using (var w = this.Built.Repo.OpenWriter())
            {
                before?.Invoke(w);
                Stage(ColumnOf(w), 0, Rows);
                during?.Invoke(w);
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

    private static void Import(WriteCheckout w, int from, int count, Action<WriteCheckout>? during = null)
    {
        using var operation = w.BeginOperation("import table");
        Stage(ColumnOf(w), from, count);
        during?.Invoke(w);
        operation.Complete();
    }

    private static WritableColumn ColumnOf(WriteCheckout w) =>
        w.Nodes.Any(n => n.Path == "/t/x") ? w.Column("/t/x") : w.CreateColumn("/t/x", ColumnSchema.NDArray(DType.Float64));

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

    private static string? StageMeta(WriteCheckout w, string key) => StageMeta(w.Repo, key);

    private static string? StageMeta(Repository repo, string key) =>
        repo.Db.Scalar("SELECT value FROM stage_meta WHERE key = $k", ("$k", key)) as string;

    private static void FlipLastByteOfStagingLog(TempRepo t)
    {
        t.Repo.Dispose();
        var log = Assert.Single(Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "staging"), "*.log"));
        var bytes = File.ReadAllBytes(log);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(log, bytes);
    }
}
