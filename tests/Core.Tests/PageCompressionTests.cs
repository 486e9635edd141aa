using Microsoft.Data.Sqlite;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>Pages are stored Snappy-compressed when that pays (format section 5), checked against the hash of their uncompressed bytes.</summary>
public class PageCompressionTests
{
    [Fact]
    public void A_table_column_s_leaves_are_stored_compressed_and_read_back()
    {
        using var t = new TempRepo();
        Table(t);
        var stored = StoredPages(t);
        var compressed = stored.Where(p => p.Data[0] == 0x01).ToList();
        Assert.NotEmpty(compressed);
        Assert.All(compressed, p => Assert.True(p.Data.Length < t.Repo.Pages.Raw(p.Id).Length));
        Assert.True(compressed.Sum(p => p.Data.Length) * 2 < compressed.Sum(p => t.Repo.Pages.Raw(p.Id).Length), "a table's leaves compress at least twofold");
        var column = t.Repo.Checkout("HEAD").Column("/x");
        for (int i = 0; i < 2_000; i += 111)
            Assert.Equal(i * 0.5, column.Get(i).ToArray<double>()[0]);
        Assert.True(t.Repo.Verify().IsOk);
    }

    [Fact]
    public void A_damaged_compressed_page_is_reported_not_read()
    {
        using var t = new TempRepo();
        Table(t);
        var victim = StoredPages(t).First(p => p.Data[0] == 0x01 && p.Data.Length > 100);
        var damaged = (byte[])victim.Data.Clone();
        damaged[damaged.Length / 2] ^= 0x40;
        t.Repo.Dispose();
        using (var connection = Open(t))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE pages SET data = $d WHERE id = $id";
            cmd.Parameters.AddWithValue("$d", damaged);
            cmd.Parameters.AddWithValue("$id", victim.Id.ToBytes());
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        t.Reopen();
        var error = Assert.Throws<CorruptObjectException>(() => t.Repo.Pages.Raw(victim.Id));
        Assert.Contains(victim.Id.ToShortString(), error.Message, StringComparison.Ordinal);
        Assert.False(t.Repo.Verify().IsOk);
    }

    /// <summary>2,000 float64 scalars (inline samples: each entry repeats an 8-byte header).</summary>
    private static void Table(TempRepo t)
    {
        using var w = t.Repo.OpenWriter();
        w.CreateColumn("/x", ColumnSchema.NDArray(DType.Float64));
        w.Column("/x").AddRange<double>([.. Enumerable.Range(0, 2_000).Select(i => (SampleKey)i)], Enumerable.Range(0, 2_000).Select(i => i * 0.5).ToArray());
        w.Commit("table");
    }

    private static List<(ObjectId Id, byte[] Data)> StoredPages(TempRepo t)
    {
        using var connection = Open(t);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id, data FROM pages";
        using var reader = cmd.ExecuteReader();
        var result = new List<(ObjectId, byte[])>();
        while (reader.Read())
            result.Add((ObjectId.Read((byte[])reader[0]), (byte[])reader[1]));
        return result;
    }

    private static SqliteConnection Open(TempRepo t)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(t.Dir, ".tensor", "tensor.db")};Pooling=False");
        connection.Open();
        return connection;
    }
}
