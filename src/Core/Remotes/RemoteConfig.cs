using System.Text.Json;
using Tessera.Storage;

namespace Tessera;

/// <summary>
/// The <c>remotes</c> table (name, url, options as JSON), an addition to format 1 that older
/// readers ignore; it is created on first use.
/// </summary>
internal sealed class RemoteConfig(Database db)
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public List<Remote> List()
    {
        var result = new List<Remote>();
        lock (db.Gate)
        {
            if (db.Scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'remotes'") is null)
                return result;
            using var cmd = db.Command("SELECT name, url, options FROM remotes ORDER BY name");
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                result.Add(new Remote(reader.GetString(0), reader.GetString(1), JsonSerializer.Deserialize<RemoteOptions>(reader.GetString(2), Json) ?? new()));
        }
        return result;
    }

    public Remote? Get(string name) => this.List().FirstOrDefault(r => r.Name == name);

    /// <summary>Adds a remote; false when the name is taken.</summary>
    public bool Add(Remote remote)
    {
        lock (db.Gate)
        {
            this.EnsureTable();
            return db.Execute("INSERT OR IGNORE INTO remotes(name, url, options) VALUES($n, $u, $o)",
                ("$n", remote.Name), ("$u", remote.Url), ("$o", JsonSerializer.Serialize(remote.Options, Json))) == 1;
        }
    }

    public bool Remove(string name)
    {
        lock (db.Gate)
        {
            this.EnsureTable();
            return db.Execute("DELETE FROM remotes WHERE name = $n", ("$n", name)) == 1;
        }
    }

    private void EnsureTable() =>
        db.Execute("CREATE TABLE IF NOT EXISTS remotes(name TEXT PRIMARY KEY, url TEXT NOT NULL, options TEXT NOT NULL)");
}
