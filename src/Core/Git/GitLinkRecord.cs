using System.Globalization;
using System.Text.Json;

namespace Tessera.Git;

/// <summary>
/// A git link as a transfer moves it: <c>G</c> followed by canonical JSON
/// <c>{"commit":"&lt;dataset commit&gt;","git_commit":"&lt;sha&gt;","dirty":false,"linked_at":"…"}</c>, its id the
/// SHA-256 of those bytes. A commit that is linked again gets a new record; where two records
/// name one commit, the later <c>linked_at</c> wins (then the larger record id), so every
/// repository that holds both keeps the same one.
/// </summary>
internal static class GitLinkRecord
{
    public const byte Type = (byte)'G';

    /// <summary>How link times are written, in records and in the <c>git_links</c> table.</summary>
    public const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz";

    public static byte[] Encode(ObjectId commit, GitLink link)
    {
        using var ms = new MemoryStream();
        ms.WriteByte(Type);
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("commit", commit.ToString());
            w.WriteString("git_commit", link.GitCommit);
            w.WriteBoolean("dirty", link.Dirty);
            w.WriteString("linked_at", FormatTime(link.LinkedAt));
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    public static string FormatTime(DateTimeOffset time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses a record; anything but the canonical encoding of a 64-hex commit id and a 40- or 64-hex git commit is corrupt.</summary>
    public static (ObjectId Commit, GitLink Link) Decode(ReadOnlySpan<byte> data)
    {
        ObjectId commit;
        GitLink link;
        try
        {
            if (data.Length < 2 || data[0] != Type)
                throw new FormatException("it is not a link record");
            using var doc = JsonDocument.Parse(data[1..].ToArray());
            var r = doc.RootElement;
            commit = ObjectId.Parse(Text(r, "commit"));
            var git = Text(r, "git_commit");
            if (git.Length is not (40 or 64) || !git.All(char.IsAsciiHexDigitLower))
                throw new FormatException($"'{git}' is not a git commit id");
            link = new GitLink(git, r.GetProperty("dirty").GetBoolean(),
                DateTimeOffset.ParseExact(Text(r, "linked_at"), TimeFormat, CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidInputException)
        {
            throw new CorruptObjectException($"A git link record does not decode ({ex.Message}).");
        }
        if (!Encode(commit, link).AsSpan().SequenceEqual(data))
            throw new CorruptObjectException("A git link record is not in its canonical form (properties in order, no others).");
        return (commit, link);
    }

    /// <summary>True when <paramref name="candidate"/> replaces <paramref name="current"/> as the link of <paramref name="commit"/>.</summary>
    public static bool Supersedes(ObjectId commit, GitLink candidate, GitLink current)
    {
        int byTime = candidate.LinkedAt.CompareTo(current.LinkedAt);
        return byTime != 0 ? byTime > 0
            : ObjectId.Hash(Encode(commit, candidate)).CompareTo(ObjectId.Hash(Encode(commit, current))) > 0;
    }

    private static string Text(JsonElement r, string name) =>
        r.GetProperty(name).GetString() ?? throw new FormatException($"\"{name}\" is null");
}
