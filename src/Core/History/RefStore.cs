using Tessera.Storage;

namespace Tessera.History;

/// <summary>Kinds of named refs.</summary>
internal enum RefKind
{
    Branch,
    Tag,

    /// <summary>A remote-tracking branch such as <c>origin/main</c>: where a remote's branch was at the last fetch or push.</summary>
    Remote,
}

/// <summary>
/// The <c>refs</c> table: branches, tags and remote-tracking branches by name. Every change is
/// recorded in the ref log (<see cref="RefLog"/>); changes need the caller's transaction.
/// </summary>
internal sealed class RefStore(Database db)
{
    private static string KindName(RefKind kind) => kind switch
    {
        RefKind.Branch => "branch",
        RefKind.Tag => "tag",
        _ => "remote",
    };

    public ObjectId? Get(RefKind kind, string name)
    {
        lock (db.Gate)
        {
            return db.Scalar("SELECT target FROM refs WHERE name = $n AND kind = $k", ("$n", name), ("$k", KindName(kind))) is byte[] bytes
                ? ObjectId.Read(bytes)
                : null;
        }
    }

    public List<(string Name, ObjectId Target)> List(RefKind kind)
    {
        var result = new List<(string, ObjectId)>();
        lock (db.Gate)
        {
            using var cmd = db.Command("SELECT name, target FROM refs WHERE kind = $k ORDER BY name", ("$k", KindName(kind)));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                result.Add((reader.GetString(0), ObjectId.Read((byte[])reader[1])));
        }
        return result;
    }

    /// <summary>Creates a ref; the caller holds a transaction and has checked the name is free.</summary>
    public void Create(RefKind kind, string name, ObjectId target)
    {
        lock (db.Gate)
        {
            db.Execute("INSERT INTO refs(name, kind, target) VALUES($n, $k, $t)", ("$n", name), ("$k", KindName(kind)), ("$t", target.ToBytes()));
            db.RefLog.Record(KindName(kind), name, null, target);
        }
    }

    /// <summary>
    /// Moves a branch from <paramref name="expected"/> to <paramref name="target"/>, or fails with
    /// <see cref="ErrorCode.ConcurrentUpdate"/> when someone else moved it first.
    /// </summary>
    public void CompareAndSet(string branch, ObjectId? expected, ObjectId target) => this.CompareAndSet(RefKind.Branch, branch, expected, target);

    /// <summary>Moves any ref by compare-and-swap (a purge rewrites tags and remote-tracking branches too).</summary>
    public void CompareAndSet(RefKind kind, string name, ObjectId? expected, ObjectId target)
    {
        string kindName = KindName(kind);
        lock (db.Gate)
        {
            int n = expected is { } e
                ? db.Execute("UPDATE refs SET target = $t WHERE name = $n AND kind = $k AND target = $e", ("$t", target.ToBytes()), ("$n", name), ("$k", kindName), ("$e", e.ToBytes()))
                : db.Execute("INSERT OR IGNORE INTO refs(name, kind, target) VALUES($n, $k, $t)", ("$n", name), ("$k", kindName), ("$t", target.ToBytes()));
            if (n != 1)
            {
                throw new StateException(ErrorCode.ConcurrentUpdate,
                    $"{char.ToUpperInvariant(kindName[0])}{kindName[1..]} '{name}' moved while this operation ran. Nothing was changed; run it again.");
            }
            db.RefLog.Record(kindName, name, expected, target);
        }
    }

    /// <summary>
    /// Deletes a ref that still names <paramref name="expected"/>; throws
    /// <see cref="ErrorCode.ConcurrentUpdate"/> when it moved or went meanwhile. The caller holds a transaction.
    /// </summary>
    public void CompareAndDelete(RefKind kind, string name, ObjectId expected)
    {
        string kindName = KindName(kind);
        lock (db.Gate)
        {
            if (db.Execute("DELETE FROM refs WHERE name = $n AND kind = $k AND target = $e", ("$n", name), ("$k", kindName), ("$e", expected.ToBytes())) != 1)
            {
                throw new StateException(ErrorCode.ConcurrentUpdate,
                    $"{char.ToUpperInvariant(kindName[0])}{kindName[1..]} '{name}' moved while this operation ran. Nothing was changed; run it again.");
            }
            db.RefLog.Record(kindName, name, expected, null);
        }
    }

    public bool Delete(RefKind kind, string name)
    {
        lock (db.Gate)
        {
            var old = this.Get(kind, name);
            if (old is null)
                return false;
            db.Execute("DELETE FROM refs WHERE name = $n AND kind = $k", ("$n", name), ("$k", KindName(kind)));
            db.RefLog.Record(KindName(kind), name, old, null);
            return true;
        }
    }

    public bool Exists(string name)
    {
        lock (db.Gate)
        {
            return db.Scalar("SELECT 1 FROM refs WHERE name = $n", ("$n", name)) is not null;
        }
    }
}
