using System.Text.Json;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// <c>overlap A B</c>, the leakage check, run as users run it: text, <c>--json</c>, exit 0 without
/// overlap and 82 with it, and bad input refused with its code.
/// </summary>
public class OverlapCommandTests
{
    /// <summary>
    /// /digits/images (uint8 4×4, stored in a pack) with keys 0..9, committed and tagged v1: image 7
    /// is a copy of image 2 and image 9 of image 3; the others differ.
    /// </summary>
    private static TempDir Digits()
    {
        var dir = new TempDir();
        dir.Ok("init", "--user", "Test", "--email", "test@example.com");
        dir.Ok("column", "add", "/digits/images", "--dtype", "uint8", "--shape", "4,4");
        var images = new byte[10 * 16];
        for (int i = 0; i < 10; i++)
        {
            int drawn = i switch { 7 => 2, 9 => 3, _ => i };
            for (int k = 0; k < 16; k++)
                images[(i * 16) + k] = (byte)((drawn * 16) + k);
        }
        Npy.Write(dir.File("images.npy"), images, 10, 4, 4);
        dir.Ok("put", "/digits/images", "0", "--npy", "images.npy", "--stacked");
        dir.Ok("commit", "-m", "digits");
        dir.Ok("tag", "v1");
        return dir;
    }

    private static string IdOf(TempDir dir, string key) =>
        dir.Ok("get", "/digits/images", key, "--json").Json.GetProperty("id").GetString()!;

    [Fact]
    public void Text_output_shows_both_sides_a_summary_and_the_pairs_and_exits_82()
    {
        using var dir = Digits();

        var result = dir.Fails(ErrorCode.OverlapFound, "overlap", "/digits/images", "/digits/images", "--keys-a", "0:5", "--keys-b", "5:10");

        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(
            [
                "A  /digits/images (staging area), keys 0:5: 5 sample(s), 5 distinct",
                "B  /digits/images (staging area), keys 5:10: 5 sample(s), 5 distinct",
                "Overlap: 2 content(s) in both, held by 2 sample(s) of A and 2 of B (2 pair(s)):",
                $"2\t7\t{IdOf(dir, "2")}",
                $"3\t9\t{IdOf(dir, "3")}",
            ],
            lines);
        Assert.Contains("error: A and B share 2 content(s)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Sides_without_shared_content_exit_0()
    {
        using var dir = Digits();

        var result = dir.Ok("overlap", "/digits/images", "/digits/images", "--keys-a", "0:2", "--keys-b", "4:10");

        Assert.EndsWith("No overlap: A and B share no content.\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, dir.Ok("overlap", "/digits/images", "/digits/images", "--keys-a", "0:2", "--keys-b", "4:10", "--json").Json.GetProperty("pairCount").GetInt64());
    }

    [Fact]
    public void Json_lists_at_most_n_pairs_with_exact_counts_and_the_error_on_stderr()
    {
        using var dir = Digits();
        string head = dir.Ok("log", "--json").Json[0].GetProperty("id").GetString()!;

        var result = dir.Fails(ErrorCode.OverlapFound, "overlap", "v1:/digits/images", "/digits/images", "--keys-a", "0:5", "--keys-b", "5:10", "-n", "1", "--json");

        var json = result.Json;
        var a = json.GetProperty("a");
        Assert.Equal("/digits/images", a.GetProperty("path").GetString());
        Assert.Equal(head, a.GetProperty("commit").GetString());
        Assert.Equal("0:5", a.GetProperty("keys").GetString());
        Assert.Equal((5, 5, 2), (a.GetProperty("samples").GetInt64(), a.GetProperty("contents").GetInt64(), a.GetProperty("sharedSamples").GetInt64()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("b").GetProperty("commit").ValueKind);
        Assert.Equal(2, json.GetProperty("sharedContents").GetInt64());
        Assert.Equal(2, json.GetProperty("pairCount").GetInt64());
        var pair = Assert.Single(json.GetProperty("pairs").EnumerateArray());
        Assert.Equal(("2", "7", IdOf(dir, "2")), (pair.GetProperty("a").GetString(), pair.GetProperty("b").GetString(), pair.GetProperty("id").GetString()));
        Assert.Equal("overlap-found", result.Error.GetProperty("code").GetString());
        Assert.Equal(82, result.Error.GetProperty("exit").GetInt32());
    }

    [Fact]
    public void Revisions_and_named_splits_select_the_sides()
    {
        using var dir = Digits();
        dir.Ok("attrs", "set", "/digits", "splits", """{"train": "0:5", "test": "5:11"}""");
        Npy.Write(dir.File("one.npy"), Enumerable.Range(0, 16).Select(k => (byte)(64 + k)).ToArray(), 4, 4);
        dir.Ok("put", "/digits/images", "10", "--npy", "one.npy");     // image 4 again, staged only

        var staged = dir.Fails(ErrorCode.OverlapFound, "overlap", "/digits/images", "/digits/images", "--keys-a", "split:train", "--keys-b", "split:test", "--json").Json;
        var committed = dir.Fails(ErrorCode.OverlapFound, "overlap", "v1:/digits/images", "HEAD:/digits/images", "--keys-a", "0:5", "--keys-b", "5:11", "--json").Json;
        var acrossVersions = dir.Fails(ErrorCode.OverlapFound, "overlap", "v1:/digits/images", "/digits/images", "--keys-a", "4", "--keys-b", "10", "--json").Json;

        static string Pairs(JsonElement json) => string.Join(" ", json.GetProperty("pairs").EnumerateArray().Select(p => $"{p.GetProperty("a").GetString()}={p.GetProperty("b").GetString()}"));
        Assert.Equal("2=7 3=9 4=10", Pairs(staged));
        Assert.Equal("split:train", staged.GetProperty("a").GetProperty("keys").GetString());
        Assert.Equal(6, staged.GetProperty("b").GetProperty("samples").GetInt64());
        Assert.Equal("2=7 3=9", Pairs(committed));
        Assert.Equal("4=10", Pairs(acrossVersions));
    }

    [Fact]
    public void It_reads_no_sample_bytes_so_it_works_with_the_pack_files_deleted()
    {
        using var dir = Digits();
        string id = IdOf(dir, "2");
        var packs = Directory.GetFiles(Path.Combine(dir.Path, ".tensor", "packs"));
        Assert.NotEmpty(packs);
        foreach (var pack in packs)
            File.Delete(pack);
        dir.FailsJson(ErrorCode.CorruptObject, "get", "/digits/images", "2");     // the bytes are gone

        var json = dir.Fails(ErrorCode.OverlapFound, "overlap", "/digits/images", "/digits/images", "--keys-a", "0:5", "--keys-b", "5:10", "--json").Json;

        Assert.Equal(id, json.GetProperty("pairs")[0].GetProperty("id").GetString());
        Assert.Equal(2, json.GetProperty("pairCount").GetInt64());
    }

    [Theory]
    [InlineData(ErrorCode.NodeNotFound, "No node at '/digits/nope'", "/digits/nope", "/digits/images")]
    [InlineData(ErrorCode.RefNotFound, "'nope'", "nope:/digits/images", "/digits/images")]
    [InlineData(ErrorCode.InvalidRevision, "REV:PATH", ":/digits/images", "/digits/images")]
    [InlineData(ErrorCode.InvalidArgument, "/digits is a group", "/digits", "/digits/images")]
    [InlineData(ErrorCode.InvalidArgument, "--keys-a '9:2'", "/digits/images", "/digits/images", "--keys-a", "9:2")]
    [InlineData(ErrorCode.InvalidKey, "--keys-b '0:5:1'", "/digits/images", "/digits/images", "--keys-b", "0:5:1")]
    [InlineData(ErrorCode.InvalidArgument, "split needs its name", "/digits/images", "/digits/images", "--keys-b", "split:")]
    [InlineData(ErrorCode.KeyNotFound, "No split 'test'", "/digits/images", "/digits/images", "--keys-b", "split:test")]
    [InlineData(ErrorCode.KeyNotFound, "keys 100:200) selects no samples", "/digits/images", "/digits/images", "--keys-b", "100:200")]
    [InlineData(ErrorCode.Usage, "-n must not be negative", "/digits/images", "/digits/images", "-n", "-1")]
    [InlineData(ErrorCode.Usage, "overlap --help", "/digits/images")]
    public void Bad_input_is_refused_with_its_code_and_changes_nothing(ErrorCode code, string message, params string[] args)
    {
        using var dir = Digits();
        string statusBefore = dir.Ok("status", "--json").Stdout;

        var text = dir.Fails(code, ["overlap", .. args]);
        var error = dir.FailsJson(code, ["overlap", .. args]);

        Assert.Equal("", text.Stdout);
        Assert.StartsWith("error: ", text.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, error.GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.Equal(statusBefore, dir.Ok("status", "--json").Stdout);
    }
}
