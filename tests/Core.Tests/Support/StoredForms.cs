using Microsoft.Data.Sqlite;
using Tessera.Storage;

namespace Tessera.Tests.Support;

/// <summary>
/// Reads and rewrites a repository's stored pages and blob-index entries as another writer (an
/// older release, a damaged disk) would have left them. Close the repository around the writes.
/// </summary>
internal static class StoredForms
{
    public static SqliteConnection OpenDatabase(TempRepo t)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(t.Dir, ".tensor", "tensor.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    public static List<(ObjectId Id, byte[] Data)> StoredPages(TempRepo t)
    {
        using var connection = OpenDatabase(t);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id, data FROM pages";
        using var reader = cmd.ExecuteReader();
        var result = new List<(ObjectId, byte[])>();
        while (reader.Read())
            result.Add((ObjectId.Read((byte[])reader[0]), (byte[])reader[1]));
        return result;
    }

    public static void SetStoredPage(TempRepo t, ObjectId id, byte[] data)
    {
        using var connection = OpenDatabase(t);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "UPDATE pages SET data = $d WHERE id = $id";
        cmd.Parameters.AddWithValue("$d", data);
        cmd.Parameters.AddWithValue("$id", id.ToBytes());
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }

    /// <summary>
    /// Writes <paramref name="stored"/> over a blob in its pack and makes its index entry's checksum
    /// match, so that only a reader's own checks can find the damage; the repository is closed and reopened.
    /// </summary>
    public static void OverwriteBlob(TempRepo t, ObjectId id, BlobLocation location, byte[] stored)
    {
        var pack = t.Repo.Blobs.Packs.PathOf(location.Pack);
        t.Repo.Dispose();
        using (var stream = File.OpenWrite(pack))
        {
            stream.Position = location.Offset;
            stream.Write(stored);
        }
        SetIndexEntry(t, id, location with { Crc = Crc32C.Compute(stored) });
        t.Reopen();
    }

    /// <summary>Replaces the blob-index entry of <paramref name="id"/> (format section 3.5).</summary>
    public static void SetIndexEntry(TempRepo t, ObjectId id, BlobLocation location)
    {
        using var connection = OpenDatabase(t);
        var rows = new List<(long Batch, byte[] Data)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT batch, data FROM blob_index";
            using var reader = select.ExecuteReader();
            while (reader.Read())
                rows.Add((reader.GetInt64(0), (byte[])reader[1]));
        }
        int size = BlobLocation.EntrySize;
        var (batch, data, entry) = rows.SelectMany(r => Enumerable.Range(0, r.Data.Length / size).Select(e => (r.Batch, r.Data, Entry: e)))
            .Single(r => BlobLocation.Read(r.Data.AsSpan(r.Entry * size)).Id == id);
        BlobLocation.Write(data.AsSpan(entry * size), id, location);
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE blob_index SET data = $d WHERE batch = $b";
        update.Parameters.AddWithValue("$d", data);
        update.Parameters.AddWithValue("$b", batch);
        Assert.Equal(1, update.ExecuteNonQuery());
    }

    public static string Format(TempRepo t)
    {
        using var connection = OpenDatabase(t);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = 'format'";
        return (string)cmd.ExecuteScalar()!;
    }

    /// <summary>Closes the repository and sets its <c>meta.format</c>.</summary>
    public static void SetFormat(TempRepo t, string format)
    {
        t.Repo.Dispose();
        using var connection = OpenDatabase(t);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "UPDATE meta SET value = $v WHERE key = 'format'";
        cmd.Parameters.AddWithValue("$v", format);
        cmd.ExecuteNonQuery();
    }
}
