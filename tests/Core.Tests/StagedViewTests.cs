using Tessera.Staging;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// The staging area read without the writer lock: a reader decodes a node's staged records only when
/// that node is read, and reads them from the log as it was when the view was opened.
/// </summary>
public class StagedViewTests
{
    [Fact]
    public void A_reader_decodes_only_the_staged_records_of_the_nodes_it_reads()
    {
        using var t = new TempRepo();
        string other;
        using (var w = t.Repo.OpenWriter())
        {
            w.CreateColumn("/a/x", ColumnSchema.NDArray(DType.Float64)).AddRange<double>([0, 1, 2], new double[] { 1, 2, 3 });
            w.Commit("a");
            w.Column("/a/x").Remove(2);
            w.CreateColumn("/b/y", ColumnSchema.NDArray(DType.Float64)).AddRange<double>([0, 1], new double[] { 4, 5 });
            other = w.Staging.Tree.Get("/b/y").Id;
        }
        DamageRecordsOf(t, other);

        var view = StagedView.Open(t.Repo);
        Assert.Equal(2, view.Node("/a/x").Count);
        Assert.Equal(["/a/x"], view.Nodes.Where(n => n.Path.StartsWith("/a/", StringComparison.Ordinal)).Select(n => n.Path));
        Assert.Equal(new double[] { 2 }, view.Column("/a/x").Get(1).ToArray<double>());
        var e = Assert.Throws<CorruptObjectException>(() => view.Column("/b/y"));
        Assert.Contains("staging log", e.Message, StringComparison.Ordinal);

        // The writer lists its nodes as lazily: a node's staged count is read only when asked for.
        using var writer = t.Repo.OpenWriter();
        var listed = writer.Nodes.Single(n => n.Path == "/a/x");
        Assert.Equal(2, listed.Count);
        Assert.Throws<CorruptObjectException>(() => writer.Nodes.Single(n => n.Path == "/b/y").Count);
    }

    [Fact]
    public void A_reader_still_reads_what_was_staged_when_it_opened_after_a_commit_deletes_the_log()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
            w.CreateColumn("/x", ColumnSchema.NDArray(DType.Int64)).AddRange<long>([0, 1, 2], new long[] { 7, 8, 9 });
        string log = LogFile(t);
        Assert.True(File.Exists(log));

        var view = StagedView.Open(t.Repo);
        using (var w = t.Repo.OpenWriter())
        {
            w.Commit("x");
            w.Column("/x").Add(3, new long[] { 10 });
        }
        Assert.False(File.Exists(log));

        var column = view.Column("/x");
        Assert.Equal(3, column.Count);
        Assert.Equal(new long[] { 9 }, column.Get(2).ToArray<long>());
        Assert.False(column.TryGet(3, out _));
    }

    [Fact]
    public void A_pass_over_a_node_s_staged_changes_does_not_keep_them_decoded()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
            w.CreateColumn("/x", ColumnSchema.NDArray(DType.Int64)).AddRange<long>([0, 1, 2], new long[] { 7, 8, 9 });
        var area = StagingArea.Load(t.Repo.Db, t.Repo.Manifests, null, t.Repo.LoadTree(null));
        string node = area.Tree.Get("/x").Id;

        var first = area.PassOver(node);
        Assert.Equal(3, first.Count);
        Assert.NotSame(first, area.PassOver(node));

        var kept = area.ChangesFor(node);
        Assert.Same(kept, area.ChangesFor(node));
        Assert.Same(kept, area.PassOver(node));
    }

    [Fact]
    public void Verify_reports_a_malformed_prepared_manifest_as_the_staging_area_s_problem()
    {
        using var t = new TempRepo();
        t.Seed(10);
        t.Repo.Db.Execute("INSERT INTO stage_meta(key, value) VALUES($k, '{not json')", ("$k", PreparedManifests.MetaKey));

        var problem = Assert.Single(t.Repo.Verify().Problems);
        Assert.Equal("staging", problem.Kind);
        Assert.Equal("staging", problem.Details[ErrorDetail.Area]);
        Assert.Contains("Discard the staging area", problem.Message, StringComparison.Ordinal);
    }

    private static string LogFile(TempRepo t)
    {
        var (generation, _) = new StagingLog(t.Repo.Db).Extent();
        return Path.Combine(t.Dir, ".tensor", "staging", $"{generation}.log");
    }

    /// <summary>Flips the last byte of the changes in each of a node's records, so that its CRC no longer matches.</summary>
    private static void DamageRecordsOf(TempRepo t, string node)
    {
        var log = new StagingLog(t.Repo.Db);
        var (generation, length) = log.Extent();
        List<StagingLogRecord> records;
        using (var held = log.Hold(generation, length))
            records = [.. StagingLog.Index(held, 0, length).Where(r => r.Node == node)];
        Assert.NotEmpty(records);
        using var file = new FileStream(LogFile(t), FileMode.Open, FileAccess.ReadWrite);
        foreach (var record in records)
        {
            file.Position = record.Offset + 4 + record.Size - 1;
            int b = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(b ^ 0xFF));
        }
    }
}
