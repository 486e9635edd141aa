using Microsoft.Data.Sqlite;
using Tessera.Staging;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>
/// Format 4 kept staged changes in a <c>stage_log</c> table; format 5 keeps them in the staging
/// log beside the database (design note 017). Opening a format 4 repository moves them, and an
/// operation interrupted under format 4 is still rolled back to where it began.
/// </summary>
public class StagingLogUpgradeTests
{
    [Fact]
    public void Staged_changes_of_a_format_4_repository_survive_the_upgrade_and_an_interrupted_operation_still_rolls_back()
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
            w.CreateColumn("/x", ColumnSchema.NDArray(DType.Float32, 16)).AddRange<float>([0, 1, 2], new float[48]);
        using (var w = t.Repo.OpenWriter())
            w.Column("/x").AddRange<float>([3, 4], new float[32]);
        var log = new StagingLog(t.Repo.Db);
        var records = log.Read(0, log.Extent().Length).Select(r => (r.Node, Data: r.Data.ToArray())).ToList();
        Assert.Equal(2, records.Count);
        // Format 4's marker: the last row of the staging log, and no mark of the pages table.
        string marker = StagedOperationRecord.Start("import x", 0, false, new Tessera.Storage.PackMark(0, 0, 0), 0).ToJson()
            .Replace("\"logLength\":0", "\"lastRow\":1", StringComparison.Ordinal)
            .Replace(",\"pageRow\":0", "", StringComparison.Ordinal);
        Assert.DoesNotContain("pageRow", marker, StringComparison.Ordinal);
        t.Repo.Dispose();
        Directory.Delete(Path.Combine(t.Dir, ".tensor", "staging"), recursive: true);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(t.Dir, ".tensor", "tensor.db")};Pooling=False"))
        {
            connection.Open();
            // What format 4 left: the records as rows, and the second one staged by an import
            // that never completed (its marker names the last row from before it).
            Execute(connection, "CREATE TABLE stage_log(seq INTEGER PRIMARY KEY, node TEXT NOT NULL, data BLOB NOT NULL)");
            foreach (var (node, data) in records)
                Execute(connection, "INSERT INTO stage_log(node, data) VALUES($n, $d)", ("$n", node), ("$d", data));
            Execute(connection, "INSERT INTO stage_meta(key, value) VALUES('operation', $v)", ("$v", marker));
            Execute(connection, "INSERT OR REPLACE INTO stage_meta(key, value) SELECT 'operation_tree', value FROM stage_meta WHERE key = 'tree'");
            Execute(connection, "DELETE FROM meta WHERE key = 'staging_log'");
            Execute(connection, "UPDATE meta SET value = '4' WHERE key = 'format'");
        }

        var repo = t.Reopen();
        using (var w = repo.OpenWriter())
            Assert.Equal(3, w.Column("/x").Count);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(t.Dir, ".tensor", "tensor.db")};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'stage_log'";
            Assert.Equal(0L, cmd.ExecuteScalar());
        }
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }
}
