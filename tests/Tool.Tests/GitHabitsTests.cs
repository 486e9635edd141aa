using System.Text.Json;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>The small habits git users bring: ranges, switch, a detached read-only checkout, renames, removing many things at once, short forms.</summary>
public class GitHabitsTests
{
    [Fact]
    public void Log_and_diff_take_revision_ranges()
    {
        using var dir = new TempDir();
        var (v1, main, side) = History(dir);

        var onlyMain = Ids(dir.Ok("log", "v1..main", "--json"));
        Assert.Equal(main, onlyMain);
        var either = Ids(dir.Ok("log", "main...side", "--json"));
        Assert.Equal(new[] { main[0], side[0] }.Order(), either.Order());
        Assert.Equal(side, Ids(dir.Ok("log", "main..side", "--json")));

        var range = dir.Ok("diff", "v1..main", "--json").Json;
        var pair = dir.Ok("diff", "v1", "main", "--json").Json;
        Assert.Equal(pair.GetProperty("added").GetInt64(), range.GetProperty("added").GetInt64());
        Assert.Equal(2, range.GetProperty("added").GetInt64());
        // main...side: what side did since it forked from main (the merge base), not main's own commits.
        var symmetric = dir.Ok("diff", "main...side", "--json").Json;
        Assert.Equal(1, symmetric.GetProperty("added").GetInt64());
        Assert.Equal(0, symmetric.GetProperty("mutated").GetInt64());
        Assert.Equal(["/captions"], dir.Ok("diff", "main...side", "--name-only").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        dir.FailsJson(ErrorCode.Usage, "diff", "v1..main", "side");
        dir.FailsJson(ErrorCode.RefNotFound, "log", "v1..nowhere");
        _ = v1;
    }

    [Fact]
    public void Log_path_lists_only_commits_that_changed_matching_nodes()
    {
        using var dir = new TempDir();
        var (_, main, _) = History(dir);
        var images = Ids(dir.Ok("log", "--path", "/images", "--json"));
        var captions = Ids(dir.Ok("log", "--path", "/cap*", "--json"));
        Assert.Equal(main[0], images[0]);
        Assert.DoesNotContain(main[1], images);
        Assert.Contains(main[1], captions);
        Assert.DoesNotContain(main[0], captions);
    }

    [Fact]
    public void Switch_checkout_b_branch_m_and_a_detached_read_only_checkout()
    {
        using var dir = new TempDir();
        History(dir);
        dir.Ok("checkout", "-b", "topic");
        Assert.Equal("topic", dir.Ok("status", "--json").Json.GetProperty("branch").GetString());
        dir.Ok("switch", "-c", "from-tag", "v1");
        Assert.Equal(dir.Ok("log", "v1", "-n", "1", "--json").Json[0].GetProperty("id").GetString(),
            dir.Ok("status", "--json").Json.GetProperty("head").GetString());
        dir.Ok("switch", "main");
        dir.Ok("branch", "-m", "topic", "renamed");
        Assert.Contains("renamed", dir.Ok("branch").Stdout, StringComparison.Ordinal);
        dir.Ok("branch", "-m", "trunk");
        Assert.Equal("trunk", dir.Ok("status", "--json").Json.GetProperty("branch").GetString());
        dir.FailsJson(ErrorCode.RefNotFound, "log", "main");

        // A tag is looked at read-only: reads show it, writes say how to get back.
        var detach = dir.Ok("checkout", "v1");
        Assert.Contains("detached", detach.Stdout, StringComparison.Ordinal);
        var status = dir.Ok("status", "--json").Json;
        Assert.True(status.GetProperty("detached").GetBoolean());
        Assert.Equal("caption 1", dir.Ok("get", "/captions", "1").Stdout.Trim());
        dir.Fails(ErrorCode.KeyNotFound, "get", "/captions", "4");
        var refused = dir.FailsJson(ErrorCode.DetachedHead, "put", "/captions", "4", "--text", "no");
        Assert.Contains("switch trunk", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("HEAD detached", dir.Ok("status").Stdout, StringComparison.Ordinal);
        dir.Ok("switch", "trunk");
        Assert.False(dir.Ok("status", "--json").Json.GetProperty("detached").GetBoolean());
        dir.Ok("put", "/captions", "9", "--text", "writable again");
    }

    [Fact]
    public void Rm_removes_several_keys_a_glob_an_array_and_a_group()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("column", "add", "/g/words", "--kind", "str");
        foreach (var key in new[] { "cat_1", "cat_2", "dog_1" })
            dir.Ok("put", "/g/words", key, "--text", key);
        dir.Ok("array", "add", "/g/grid", "--shape", "4,4", "--chunks", "2,2", "--dtype", "float32");
        dir.Ok("commit", "-m", "more nodes");

        dir.Ok("rm", "/captions", "0", "2");
        dir.Ok("rm", "/g/words", "cat_*");
        var missing = dir.FailsJson(ErrorCode.KeyNotFound, "rm", "/captions", "1", "99");
        Assert.Contains("nothing was removed", missing.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("caption 1", dir.Ok("get", "/captions", "1").Stdout.Trim());
        var staged = Staged(dir);
        Assert.Equal(2, staged["/captions"].GetProperty("removed").GetInt32());
        Assert.Equal(2, staged["/g/words"].GetProperty("removed").GetInt32());

        dir.Ok("rm", "/g/grid");
        Assert.Equal("removed", Staged(dir)["/g/grid"].GetProperty("change").GetString());
        var group = dir.FailsJson(ErrorCode.InvalidArgument, "rm", "/g");
        Assert.Contains("rm -r /g", group.GetProperty("message").GetString(), StringComparison.Ordinal);
        dir.Ok("rm", "-r", "/g");
        Assert.DoesNotContain("/g", dir.Ok("tree").Stdout, StringComparison.Ordinal);
        dir.Ok("commit", "-m", "removals");
        dir.Ok("group", "add", "/h");
        dir.Ok("array", "add", "/h/a", "--shape", "2", "--chunks", "2", "--dtype", "int8");
        dir.FailsJson(ErrorCode.InvalidArgument, "array", "rm", "/images");
        dir.Ok("array", "rm", "/h/a");
        dir.Ok("group", "rm", "/h");
    }

    [Fact]
    public void Status_short_and_diff_name_only()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("put", "/captions", "1", "--text", "changed");
        dir.Ok("column", "add", "/labels", "--dtype", "int64", "--shape", "()");
        dir.Ok("mv", "/images", "/pictures");
        var lines = dir.Ok("status", "-s").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("## main", lines[0]);
        Assert.Contains("M /captions", lines);
        Assert.Contains("A /labels", lines);
        Assert.Contains("R /images -> /pictures", lines);
        Assert.Equal(["/captions", "/labels", "/pictures"], dir.Ok("diff", "--name-only").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public void Unknown_dash_options_are_usage_errors_and_tags_can_be_deleted()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("tag", "v1");
        foreach (var args in new[] { new[] { "tag", "-q", "v2" }, ["branch", "--frobnicate"], ["init", "-q"], ["checkout", "-x"], ["log", "-z"] })
        {
            var error = dir.FailsJson(ErrorCode.Usage, args);
            Assert.Contains($"'{args[1]}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(dir.Ok("branch", "--json").Json.EnumerateArray(), b => b.GetProperty("name").GetString()!.StartsWith('-'));
        dir.Ok("tag", "-d", "v1");
        Assert.Empty(dir.Ok("tag", "--json").Json.EnumerateArray());
        dir.FailsJson(ErrorCode.RefNotFound, "tag", "-d", "v1");
    }

    /// <summary>
    /// seed (tagged v1) → "a caption" → "an image" on main; side forks after "a caption" and adds
    /// "a caption on side". Returns v1, main's two newest commits and side's newest.
    /// </summary>
    private static (string V1, string[] Main, string[] Side) History(TempDir dir)
    {
        dir.Seed();
        dir.Ok("tag", "v1");
        dir.Ok("put", "/captions", "4", "--text", "caption 4");
        dir.Ok("commit", "-m", "a caption");
        dir.Ok("branch", "side");
        Npy.Write(dir.File("one.npy"), new byte[] { 9, 9, 9, 9 }, 1, 2, 2);
        dir.Ok("put", "/images", "4", "--npy", "one.npy", "--stacked");
        dir.Ok("commit", "-m", "an image");
        dir.Ok("switch", "side");
        dir.Ok("put", "/captions", "5", "--text", "caption 5");
        dir.Ok("commit", "-m", "a caption on side");
        dir.Ok("switch", "main");
        var main = Ids(dir.Ok("log", "-n", "2", "--json"));
        var side = Ids(dir.Ok("log", "side", "-n", "1", "--json"));
        return (Ids(dir.Ok("log", "v1", "-n", "1", "--json"))[0], main, side);
    }

    private static string[] Ids(ToolResult result) => [.. result.Json.EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    private static Dictionary<string, JsonElement> Staged(TempDir dir) =>
        dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray().ToDictionary(n => n.GetProperty("path").GetString()!);
}
