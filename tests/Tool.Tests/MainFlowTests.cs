using System.Text.Json;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>The flow a user goes through, run as separate tool processes and checked through --json.</summary>
public class MainFlowTests
{
    [Fact]
    public void Diff_shows_twenty_keys_of_a_node_and_counts_the_rest()
    {
        using var dir = new TempDir();
        dir.Seed();
        File.WriteAllText(dir.File("t.csv"), "id,v\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{i * 0.5}\n")));
        dir.Ok("import", "csv", "t.csv", "--into", "/t", "--key", "id");

        var lines = dir.Ok("diff", "--path", "/t/v").Stdout.Split('\n');
        Assert.Equal([.. Enumerable.Range(0, 20).Select(i => $"      + {i}")], lines.Where(l => l.StartsWith("      + ", StringComparison.Ordinal)));
        Assert.Contains("      ... and 30 more (all of them with --json, or --chunks for arrays)", lines);
        Assert.Equal(["  added     /t/v  +50 -0 ~0", "1 node(s) changed: 50 sample(s) added, 0 removed, 0 mutated."],
            dir.Ok("diff", "--path", "/t/v", "--stat").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var node = Assert.Single(dir.Ok("diff", "--path", "/t/v", "--json").Json.GetProperty("nodes").EnumerateArray());
        Assert.Equal(50, node.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public void Init_put_commit_branch_merge_conflict_resolve_commit_then_diff_log_verify()
    {
        using var dir = new TempDir();
        dir.Seed();

        dir.Ok("branch", "dev");
        dir.Ok("checkout", "dev");
        dir.Ok("put", "/captions", "1", "--text", "dev's caption");
        Npy.Write(dir.File("dev.npy"), new byte[] { 9, 9, 9, 9 }, 2, 2);
        dir.Ok("put", "/images", "2", "--npy", "dev.npy");
        var devCommit = dir.Ok("commit", "-m", "dev changes", "--json").Json;
        Assert.Equal("dev changes", devCommit.GetProperty("message").GetString());

        dir.Ok("checkout", "main");
        dir.Ok("put", "/captions", "1", "--text", "main's caption");
        dir.Ok("put", "/captions", "9", "--text", "a new one");
        dir.Ok("commit", "-m", "main changes");

        var merge = dir.Fails(ErrorCode.MergeConflict, "merge", "dev", "--json").Json;
        Assert.Equal("conflicts", merge.GetProperty("status").GetString());
        var conflict = Assert.Single(merge.GetProperty("conflicts").EnumerateArray().ToList());
        Assert.Equal("/captions", conflict.GetProperty("path").GetString());
        Assert.Equal("1", conflict.GetProperty("key").GetString());
        Assert.Equal("mutated-both", conflict.GetProperty("kind").GetString());

        var status = dir.Ok("status", "--json").Json;
        Assert.Equal("main", status.GetProperty("branch").GetString());
        Assert.True(status.GetProperty("merging").GetBoolean());
        Assert.Single(status.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, status.GetProperty("staged").ValueKind);

        dir.Fails(ErrorCode.UnresolvedConflicts, "commit", "-m", "too early");
        Assert.Single(dir.Ok("conflicts", "--json").Json.EnumerateArray());
        dir.Ok("resolve", "/cap*", "1", "--theirs");
        Assert.Empty(dir.Ok("conflicts", "--json").Json.EnumerateArray());
        var mergeCommit = dir.Ok("commit", "-m", "merge dev", "--json").Json;
        Assert.Equal(2, mergeCommit.GetProperty("parents").GetArrayLength());

        Assert.Equal("dev's caption", dir.Ok("get", "/captions", "1").Stdout.TrimEnd('\n'));
        var image = dir.Ok("get", "/images", "2", "--json").Json;
        Assert.Equal("[[9,9],[9,9]]", image.GetProperty("value").GetRawText());

        var log = dir.Ok("log", "--json").Json.EnumerateArray().ToList();
        Assert.Equal(["merge dev", "main changes", "dev changes", "seed"], log.Select(c => c.GetProperty("message").GetString()!).ToArray());
        foreach (var commit in log)
        {
            foreach (var property in new[] { "id", "parents", "message", "author", "email", "time" })
                Assert.True(commit.TryGetProperty(property, out _), $"log entry lacks {property}");
            Assert.Equal("Test", commit.GetProperty("author").GetString());
        }

        var diff = dir.Ok("diff", "main~1", "main", "--json").Json;
        var nodes = diff.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("path").GetString()!);
        Assert.Equal(1, nodes["/captions"].GetProperty("mutated").GetInt64());
        Assert.Equal(1, nodes["/images"].GetProperty("mutated").GetInt64());
        Assert.Equal(0, nodes["/images"].GetProperty("added").GetInt64());
        Assert.Equal("modified", nodes["/images"].GetProperty("change").GetString());
        Assert.Empty(diff.GetProperty("conflicts").EnumerateArray());

        var verify = dir.Ok("verify", "--json").Json;
        Assert.True(verify.GetProperty("ok").GetBoolean());
        Assert.Equal(4, verify.GetProperty("commits").GetInt64());
    }

    [Fact]
    public void Diff_of_two_branches_reports_the_conflicts_a_merge_would_have()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("branch", "other");
        dir.Ok("put", "/captions", "0", "--text", "ours");
        dir.Ok("commit", "-m", "ours");
        dir.Ok("checkout", "other");
        dir.Ok("put", "/captions", "0", "--text", "theirs");
        dir.Ok("commit", "-m", "theirs");

        var diff = dir.Ok("diff", "main", "other", "--json").Json;
        var conflict = Assert.Single(diff.GetProperty("conflicts").EnumerateArray().ToList());
        Assert.Equal("/captions", conflict.GetProperty("path").GetString());
        Assert.Equal("0", conflict.GetProperty("key").GetString());
        Assert.Equal("mutated-both", conflict.GetProperty("kind").GetString());
    }

    [Fact]
    public void Staged_changes_show_in_status_and_diff_and_reset_discards_them()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("rm", "/images", "3");
        dir.Ok("put", "/captions", "7", "--text", "new");

        var staged = dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray()
            .ToDictionary(n => n.GetProperty("path").GetString()!);
        Assert.Equal(1, staged["/images"].GetProperty("removed").GetInt64());
        Assert.Equal(1, staged["/captions"].GetProperty("added").GetInt64());

        var diff = dir.Ok("diff", "--json").Json;
        Assert.Equal(1, diff.GetProperty("added").GetInt64());
        Assert.Equal(1, diff.GetProperty("removed").GetInt64());
        var tree = dir.Ok("tree", "--json").Json.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("path").GetString()!);
        Assert.Equal(3, tree["/images"].GetProperty("count").GetInt64());

        dir.Ok("reset");
        Assert.Empty(dir.Ok("status", "--json").Json.GetProperty("staged").EnumerateArray());
    }

    [Fact]
    public void Tree_lists_nodes_with_kind_dtype_shape_and_count()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("column", "add", "/nested/vectors", "--dtype", "float32", "--max-shape", "10", "--nested");
        dir.Ok("commit", "-m", "nested");

        var nodes = dir.Ok("tree", "HEAD", "--json").Json.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("path").GetString()!);
        Assert.Equal("column", nodes["/images"].GetProperty("kind").GetString());
        Assert.Equal("uint8", nodes["/images"].GetProperty("schema").GetProperty("dtype").GetString());
        Assert.Equal("[2,2]", nodes["/images"].GetProperty("schema").GetProperty("shape").GetRawText());
        Assert.Equal(4, nodes["/images"].GetProperty("count").GetInt64());
        Assert.Equal("str", nodes["/captions"].GetProperty("schema").GetProperty("kind").GetString());
        Assert.False(nodes["/captions"].GetProperty("schema").TryGetProperty("dtype", out _));
        Assert.Equal("group", nodes["/nested"].GetProperty("kind").GetString());
        Assert.False(nodes["/nested"].TryGetProperty("schema", out _));
        Assert.True(nodes["/nested/vectors"].GetProperty("schema").GetProperty("variable").GetBoolean());
        Assert.Equal("nested", nodes["/nested/vectors"].GetProperty("schema").GetProperty("layout").GetString());
    }

    [Fact]
    public void Npy_round_trips_bit_for_bit_and_nested_keys_work()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("column", "add", "/vectors", "--dtype", "float64", "--max-shape", "8", "--nested");
        double[] values = [1.5, double.NaN, -0.0, double.MaxValue, 1e-300];
        Npy.Write(dir.File("v.npy"), values, values.Length);
        dir.Ok("put", "/vectors", "3/s:0", "--npy", "v.npy");
        dir.Ok("get", "/vectors", "3/s:0", "--out", "back.npy");

        var back = Npy.Read(dir.File("back.npy"));
        Assert.Equal([5L], back.Shape);
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), back.Data.ToArray());
        dir.Fails(ErrorCode.KeyNotFound, "get", "/vectors", "3/0");
    }

    [Fact]
    public void Attributes_are_set_read_and_removed()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("attrs", "set", "/images", "unit", "\"pixel\"");
        dir.Ok("attrs", "set", "/images", "range", "[0, 255]");
        Assert.Equal("pixel", dir.Ok("attrs", "get", "/images", "unit", "--json").Json.GetString());
        Assert.Equal(2, dir.Ok("attrs", "get", "/images").Json.EnumerateObject().Count());
        dir.Ok("attrs", "rm", "/images", "unit");
        dir.Fails(ErrorCode.KeyNotFound, "attrs", "get", "/images", "unit");
        dir.Fails(ErrorCode.InvalidArgument, "attrs", "set", "/images", "x", "not json");
    }

    [Fact]
    public void Quickstart_leaves_a_repository_with_one_conflict_to_resolve()
    {
        using var dir = new TempDir();
        var result = dir.Ok("quickstart", "demo");
        Assert.Contains("Try next", result.Stdout, StringComparison.Ordinal);

        var status = TensorTool.Run(dir.File("demo"), "status", "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.True(status.Json.GetProperty("merging").GetBoolean());
        // Both branches grew from main~1, so that is the base the conflict's two sides are compared with.
        var forkPoint = TensorTool.Run(dir.File("demo"), "show", "main~1", "--json").Json.GetProperty("commit").GetProperty("id").GetString();
        Assert.Equal(forkPoint, status.Json.GetProperty("mergeBase").GetString());
        var conflict = Assert.Single(status.Json.GetProperty("conflicts").EnumerateArray().ToList());
        Assert.Equal("/digits/captions", conflict.GetProperty("path").GetString());
        Assert.Equal(0, TensorTool.Run(dir.File("demo"), "resolve", "/digits/captions", "5", "--theirs").ExitCode);
        Assert.Equal(0, TensorTool.Run(dir.File("demo"), "commit", "-m", "merge").ExitCode);
        Assert.Equal(0, TensorTool.Run(dir.File("demo"), "verify").ExitCode);
        var image = TensorTool.Run(dir.File("demo"), "get", "/digits/images", "3", "--json").Json;
        Assert.Equal("[28,28]", image.GetProperty("shape").GetRawText());
    }

    [Fact]
    public void Quickstart_draws_as_many_digits_as_asked_and_refuses_too_few()
    {
        using var dir = new TempDir();
        dir.Ok("quickstart", "demo", "--digits", "250");
        var tree = TensorTool.Run(dir.File("demo"), "tree", "main", "--json").Json.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("path").GetString()!, n => n.GetProperty("count").GetInt64());
        Assert.Equal(250, tree["/digits/images"]);
        Assert.Equal(250, tree["/digits/labels"]);
        Assert.Equal(250, tree["/digits/captions"]);
        var v1 = TensorTool.Run(dir.File("demo"), "tree", "v1", "--json").Json.GetProperty("nodes").EnumerateArray();
        Assert.Contains(v1, n => n.GetProperty("path").GetString() == "/digits/labels" && n.GetProperty("count").GetInt64() == 150);
        var label = TensorTool.Run(dir.File("demo"), "get", "/digits/labels", "247", "--rev", "main", "--json").Json;
        Assert.Equal(7, label.GetProperty("value").GetInt64());

        // The smallest demo still merges more-digits without a conflict and leaves one on the side branch.
        dir.Ok("quickstart", "smallest", "--digits", "17");
        Assert.Equal(17, TensorTool.Run(dir.File("smallest"), "tree", "main", "--json").Json.GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("path").GetString() == "/digits/images").GetProperty("count").GetInt64());

        var error = dir.FailsJson(ErrorCode.InvalidArgument, "quickstart", "few", "--digits", "16");
        Assert.Contains("17 to 1000000", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("few")));
    }

    [Fact]
    public void Log_graph_draws_the_merge()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("branch", "side");
        dir.Ok("put", "/captions", "5", "--text", "main");
        dir.Ok("commit", "-m", "on main");
        dir.Ok("checkout", "side");
        dir.Ok("put", "/captions", "6", "--text", "side");
        dir.Ok("commit", "-m", "on side");
        dir.Ok("checkout", "main");
        dir.Ok("merge", "side");

        var lines = dir.Ok("log", "--graph").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("* ", lines[0], StringComparison.Ordinal);
        Assert.Equal("|\\", lines[1]);
        Assert.Contains(lines, l => l == "|/");
        Assert.Equal(4, lines.Count(l => l.Contains('*', StringComparison.Ordinal)));
    }
}
