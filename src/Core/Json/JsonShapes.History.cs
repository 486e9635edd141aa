using System.Globalization;
using System.Text.Json;

namespace Tessera;

/// <summary>
/// The JSON shapes of Tessera's machine output, shared by the CLI's <c>--json</c> and the language
/// server. Property names are camelCase; ids are full hex; times are ISO 8601 with offset. Written
/// with <see cref="Utf8JsonWriter"/> (no reflection), so trimmed and ReadyToRun builds stay cheap.
/// </summary>
public static partial class JsonShapes
{
    /// <summary>
    /// <c>{id, parents, message, author, email, time, git?}</c>; <c>git: {commit, dirty}</c> is there
    /// when <paramref name="git"/> is given (the commit is linked to the code's git commit).
    /// </summary>
    public static void WriteCommit(Utf8JsonWriter w, Commit commit, GitLink? git = null)
    {
        w.WriteStartObject();
        w.WriteString("id", commit.Id.ToString());
        WriteIds(w, "parents", commit.Parents);
        w.WriteString("message", commit.Message);
        w.WriteString("author", commit.Author.Name);
        w.WriteString("email", commit.Author.Email);
        w.WriteString("time", FormatTime(commit.Author.When));
        if (git is not null)
        {
            w.WriteStartObject("git");
            w.WriteString("commit", git.GitCommit);
            w.WriteBoolean("dirty", git.Dirty);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>An array of commits (see <see cref="WriteCommit"/>), newest first, each with its git link when <paramref name="git"/> finds one.</summary>
    public static void WriteLog(Utf8JsonWriter w, IEnumerable<Commit> commits, Func<Commit, GitLink?>? git = null)
    {
        w.WriteStartArray();
        foreach (var commit in commits)
            WriteCommit(w, commit, git?.Invoke(commit));
        w.WriteEndArray();
    }

    /// <summary>
    /// <c>{commit, nodes}</c>: a commit (with its git link) and what it changed against its first
    /// parent, nodes as in <see cref="WriteDiff"/> without keys.
    /// </summary>
    public static void WriteShow(Utf8JsonWriter w, Commit commit, GitLink? git, IEnumerable<NodeDiff> nodes)
    {
        w.WriteStartObject();
        w.WritePropertyName("commit");
        WriteCommit(w, commit, git);
        w.WritePropertyName("nodes");
        WriteNodeDiffs(w, nodes, includeKeys: false);
        w.WriteEndObject();
    }

    /// <summary>An array of <c>{name, target, current}</c>.</summary>
    public static void WriteBranches(Utf8JsonWriter w, IEnumerable<Branch> branches)
    {
        w.WriteStartArray();
        foreach (var branch in branches)
        {
            w.WriteStartObject();
            w.WriteString("name", branch.Name);
            w.WriteString("target", branch.Tip.ToString());
            w.WriteBoolean("current", branch.IsCurrent);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>An array of <c>{name, target}</c>.</summary>
    public static void WriteTags(Utf8JsonWriter w, IEnumerable<Tag> tags)
    {
        w.WriteStartArray();
        foreach (var tag in tags)
        {
            w.WriteStartObject();
            w.WriteString("name", tag.Name);
            w.WriteString("target", tag.Target.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string FormatTime(DateTimeOffset when) => when.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}
