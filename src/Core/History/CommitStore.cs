using System.Collections.Concurrent;
using Tessera.Storage;

namespace Tessera.History;

/// <summary>The <c>commits</c> table: commit records by id, with prefix lookup for abbreviated ids.</summary>
internal sealed class CommitStore(Database db)
{
    private readonly ConcurrentDictionary<ObjectId, Commit> cache = new();

    public void Insert(Commit commit, byte[] data)
    {
        var parents = new byte[commit.Parents.Count * ObjectId.Size];
        for (int i = 0; i < commit.Parents.Count; i++)
            commit.Parents[i].Write(parents.AsSpan(i * ObjectId.Size));
        lock (db.Gate)
        {
            db.Execute("INSERT OR IGNORE INTO commits(id, tree, parents, time, data) VALUES($id, $tree, $parents, $time, $data)",
                ("$id", commit.Id.ToBytes()), ("$tree", commit.Tree.ToBytes()), ("$parents", parents),
                ("$time", commit.Author.When.ToUnixTimeMilliseconds()), ("$data", data));
        }
        this.cache[commit.Id] = commit;
    }

    /// <summary>Drops deleted commits (gc) from the cache, so that this process no longer finds them.</summary>
    public void Forget(IEnumerable<ObjectId> ids)
    {
        foreach (var id in ids)
            this.cache.TryRemove(id, out _);
    }

    public Commit Get(ObjectId id) => this.TryGet(id)
        ?? throw new NotFoundException(ErrorCode.CommitNotFound, $"Commit {id.ToShortString()} is not in this repository.");

    public Commit? TryGet(ObjectId id)
    {
        if (this.cache.TryGetValue(id, out var hit))
            return hit;
        byte[]? data;
        lock (db.Gate)
        {
            data = db.Scalar("SELECT data FROM commits WHERE id = $id", ("$id", id.ToBytes())) as byte[];
        }
        if (data is null)
            return null;
        var commit = Commit.Decode(id, data);
        this.cache[id] = commit;
        return commit;
    }

    /// <summary>Commit ids starting with the hex prefix (at most <paramref name="limit"/>).</summary>
    public List<ObjectId> FindByPrefix(string hexPrefix, int limit = 2)
    {
        var low = new byte[ObjectId.Size];
        var high = new byte[ObjectId.Size];
        Array.Fill(high, (byte)0xFF);
        for (int i = 0; i < hexPrefix.Length; i++)
        {
            int nibble = Convert.ToInt32(hexPrefix[i].ToString(), 16);
            int shift = i % 2 == 0 ? 4 : 0;
            low[i / 2] |= (byte)(nibble << shift);
            high[i / 2] = (byte)(i % 2 == 0 ? (nibble << 4) | 0x0F : (high[i / 2] & 0xF0) | nibble);
        }
        var result = new List<ObjectId>();
        lock (db.Gate)
        {
            using var cmd = db.Command("SELECT id FROM commits WHERE id >= $lo AND id <= $hi LIMIT $n", ("$lo", low), ("$hi", high), ("$n", limit));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                result.Add(ObjectId.Read((byte[])reader[0]));
        }
        return result;
    }

    public List<ObjectId> All()
    {
        var result = new List<ObjectId>();
        lock (db.Gate)
        {
            using var cmd = db.Command("SELECT id FROM commits");
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                result.Add(ObjectId.Read((byte[])reader[0]));
        }
        return result;
    }

    /// <summary>All commit ids with their raw bytes, for verify.</summary>
    public IEnumerable<(ObjectId Id, byte[] Data)> Raw()
    {
        var result = new List<(ObjectId, byte[])>();
        lock (db.Gate)
        {
            using var cmd = db.Command("SELECT id, data FROM commits");
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                result.Add((ObjectId.Read((byte[])reader[0]), (byte[])reader[1]));
        }
        return result;
    }
}
