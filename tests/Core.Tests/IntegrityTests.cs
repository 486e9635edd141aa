using Microsoft.Data.Sqlite;
using Tessera.Tests.Support;

namespace Tessera.Tests;

/// <summary>Corrupt or truncated objects are detected on read and by verify, never returned as data.</summary>
public class IntegrityTests
{
    private static string Pack(TempRepo t) => Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "packs")).Single();

    /// <summary>Seeds 50 samples, runs <paramref name="sql"/> on the closed database (it must change some leaf pages) and reopens.</summary>
    private static Repository SeedAndChangeLeaves(TempRepo t, string sql)
    {
        t.Seed(50);
        t.Repo.Dispose();
        Assert.True(ChangePages(t, sql) > 0);
        return t.Reopen();
    }

    /// <summary>Runs <paramref name="sql"/> on the closed repository's database; returns the rows it changed.</summary>
    private static int ChangePages(TempRepo t, string sql)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(t.Dir, ".tensor", "tensor.db")};Pooling=false");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteNonQuery();
    }

    [Fact]
    public void A_flipped_bit_in_a_pack_is_caught_on_read_and_by_verify()
    {
        using var t = new TempRepo();
        t.Seed(50);
        Assert.True(t.Repo.Verify().IsOk);
        t.Repo.Dispose();
        var pack = Pack(t);
        var bytes = File.ReadAllBytes(pack);
        bytes[200] ^= 0x04;
        File.WriteAllBytes(pack, bytes);
        var repo = t.Reopen();
        var images = repo.Checkout("HEAD").Column("/images");
        int failures = 0;
        for (int i = 0; i < 50; i++)
        {
            try
            {
                Assert.Equal(TempRepo.Image(i), images.Get(i).ToArray<byte>());
            }
            catch (CorruptObjectException ex)
            {
                failures++;
                Assert.Equal(ErrorCode.CorruptObject, ex.Code);
                Assert.Contains(pack, ex.Message);
            }
        }
        Assert.Equal(1, failures);
        var result = repo.Verify();
        var problem = Assert.Single(result.Problems);
        Assert.Equal("blob", problem.Kind);
        Assert.Contains(Path.GetFileName(pack), problem.Where);
    }

    [Fact]
    public void A_truncated_pack_is_reported_not_read_past()
    {
        using var t = new TempRepo();
        t.Seed(50);
        t.Repo.Dispose();
        var pack = Pack(t);
        using (var fs = new FileStream(pack, FileMode.Open))
            fs.SetLength(fs.Length / 2);
        var repo = t.Reopen();
        var images = repo.Checkout("HEAD").Column("/images");
        Assert.Equal(TempRepo.Image(0), images.Get(0).ToArray<byte>());
        var ex = Assert.Throws<CorruptObjectException>(() => images.Get(49));
        Assert.Contains("truncated", ex.Message);
        Assert.False(repo.Verify().IsOk);
    }

    [Fact]
    public void A_corrupt_manifest_page_is_caught()
    {
        using var t = new TempRepo();
        var repo = SeedAndChangeLeaves(t, "UPDATE pages SET data = substr(data, 1, length(data) - 1) || X'00' WHERE substr(data, 1, 1) = X'4C'");
        Assert.Throws<CorruptObjectException>(() => repo.Checkout("HEAD").Column("/images").Get(3));
        // A scan reads leaves many to a query: it checks each as a single read does.
        Assert.Throws<CorruptObjectException>(() => repo.Checkout("HEAD").Column("/images").Entries().ToList());
        Assert.Throws<CorruptObjectException>(() => repo.Checkout("HEAD").Column("/images").EntryBatches().ToList());
        var result = repo.Verify();
        var problem = Assert.Single(result.Problems, p => p.Kind == "page");
        // A read tells its caller to verify; verify's own report does not tell its reader to verify.
        Assert.EndsWith("is corrupt (its bytes do not hash to its id).", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flipped")]
    [InlineData("cut")]
    [InlineData("swapped")]
    public void A_damaged_compressed_leaf_fails_a_scan_of_the_column(string damage)
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
        {
            // Short strings added fewer than 64 at a time: inline ids, whose leaves hold the values and
            // compress (larger batches are stored in runs, and their leaves hold a first key and item).
            var zeros = w.CreateColumn("/x", ColumnSchema.Str());
            foreach (var keys in Enumerable.Range(0, 5_000).Select(i => SampleKey.Of(i)).Chunk(50))
                zeros.AddStrings(keys, [.. Enumerable.Repeat("zero", keys.Length)]);
            w.Commit("zeros");
        }
        var leaves = t.Repo.Manifests.LeafIds(t.Repo.Checkout("HEAD").Column("/x").Node.Manifest.Base!.Value);
        t.Repo.Dispose();
        // Two leaves stored compressed (the ZSTD marker, the page's length, the frame): damage the first
        // one's frame, or store the second one's there (it decompresses and decodes, but not to bytes of this id).
        using var db = new SqliteConnection($"Data Source={Path.Combine(t.Dir, ".tensor", "tensor.db")};Pooling=false");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = $"SELECT hex(id) FROM pages WHERE substr(data, 1, 1) = X'02' AND id IN ({string.Join(", ", leaves.Select(l => $"X'{Convert.ToHexString(l.ToBytes())}'"))}) LIMIT 2";
        var compressed = new List<string>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
                compressed.Add($"X'{reader.GetString(0)}'");
        }
        Assert.Equal(2, compressed.Count);
        string first = compressed[0], second = compressed[1];
        string sql = damage switch
        {
            "flipped" => $"UPDATE pages SET data = substr(data, 1, length(data) - 4) || X'FF' || substr(data, length(data) - 2) WHERE id = {first}",
            "cut" => $"UPDATE pages SET data = substr(data, 1, length(data) / 2) WHERE id = {first}",
            _ => $"UPDATE pages SET data = (SELECT data FROM pages WHERE id = {second}) WHERE id = {first}",
        };
        query.CommandText = sql;
        Assert.Equal(1, query.ExecuteNonQuery());
        db.Close();
        var column = t.Reopen().Checkout("HEAD").Column("/x");
        var error = Assert.Throws<CorruptObjectException>(() => column.EntryBatches().ToList());
        Assert.Contains("is corrupt", error.Message);
        Assert.Throws<CorruptObjectException>(() => column.Entries().ToList());
    }

    [Fact]
    public void A_missing_leaf_fails_a_scan_of_the_column_by_name()
    {
        using var t = new TempRepo();
        var repo = SeedAndChangeLeaves(t, "DELETE FROM pages WHERE substr(data, 1, 1) = X'4C'");
        var error = Assert.Throws<NotFoundException>(() => repo.Checkout("HEAD").Column("/images").Entries().ToList());
        Assert.Equal(ErrorCode.MissingObject, error.Code);
        Assert.Contains("Page ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("missing")]
    public void A_damaged_staging_log_is_refused_with_the_way_out(string damage)
    {
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
            w.CreateColumn("/x", ColumnSchema.NDArray(DType.Float32, 16)).AddRange<float>([0, 1, 2], new float[48]);
        t.Repo.Dispose();
        var log = Assert.Single(Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "staging"), "*.log"));
        var bytes = File.ReadAllBytes(log);
        switch (damage)
        {
            case "truncated":
                File.WriteAllBytes(log, bytes[..^5]);
                break;
            case "flipped":
                bytes[bytes.Length / 2] ^= 0x10;
                File.WriteAllBytes(log, bytes);
                break;
            default:
                File.Delete(log);
                break;
        }
        var repo = t.Reopen();
        // A cut log is found on opening; a damaged record when its column's changes are read.
        var ex = Assert.Throws<CorruptObjectException>(() =>
        {
            using var w = repo.OpenWriter();
            _ = w.Column("/x").Count;
        });
        Assert.Contains("Discard the staging area", ex.Message, StringComparison.Ordinal);
        Assert.Equal("staging", ex.Details[ErrorDetail.Area]);
    }

    [Fact]
    public void Bytes_past_the_committed_end_of_the_staging_log_are_ignored_and_overwritten()
    {
        // What a crash between writing a record and committing its extent leaves behind.
        using var t = new TempRepo();
        using (var w = t.Repo.OpenWriter())
            w.CreateColumn("/x", ColumnSchema.NDArray(DType.Float32, 16)).AddRange<float>([0, 1, 2], new float[48]);
        t.Repo.Dispose();
        var log = Assert.Single(Directory.GetFiles(Path.Combine(t.Dir, ".tensor", "staging"), "*.log"));
        using (var file = new FileStream(log, FileMode.Append))
            file.Write(new byte[100]);
        var repo = t.Reopen();
        using (var w = repo.OpenWriter())
        {
            Assert.Equal(3, w.Column("/x").Count);
            w.Column("/x").AddRange<float>([3, 4], new float[32]);
        }
        using (var w = repo.OpenWriter())
            Assert.Equal(5, w.Column("/x").Count);
    }

    [Fact]
    public void A_garbage_database_is_not_a_repository()
    {
        using var t = new TempRepo();
        t.Repo.Dispose();
        var db = Path.Combine(t.Dir, ".tensor", "tensor.db");
        foreach (var f in Directory.GetFiles(Path.Combine(t.Dir, ".tensor"), "tensor.db*"))
            File.Delete(f);
        File.WriteAllText(db, "this is not a database, it is text that goes on for a while to fill a page.");
        var ex = Assert.ThrowsAny<TesseraException>(() => Repository.Open(t.Dir));
        Assert.True(ex.Code is ErrorCode.CorruptObject or ErrorCode.NotARepository);
    }
}
