using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>The same words for the same states, hints that lead somewhere, and reports that stay readable at scale.</summary>
public class HintTests
{
    [Fact]
    public void Switching_during_a_conflicted_merge_is_merge_in_progress_and_a_tag_is_not_a_branch()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("tag", "v1");
        Conflicts(dir, count: 1);
        var error = dir.FailsJson(ErrorCode.MergeInProgress, "checkout", "main");
        Assert.Contains("merge --abort", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        dir.FailsJson(ErrorCode.MergeInProgress, "switch", "main");
        dir.Ok("merge", "--abort");
        var tag = dir.FailsJson(ErrorCode.RefNotFound, "switch", "v1");
        Assert.Contains("checkout v1", tag.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("branch v1", tag.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_said_to_not_exist()
    {
        using var dir = new TempDir();
        var error = dir.FailsJson(ErrorCode.Io, "-C", dir.File("nowhere"), "status");
        Assert.Contains("No such folder", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_with_many_conflicts_prints_a_summary_and_how_to_list_them()
    {
        using var dir = new TempDir();
        dir.Seed();
        var merge = Conflicts(dir, count: 60);
        var lines = merge.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length < 10, merge.Stdout);
        Assert.Contains(lines, l => l.Contains("/captions: 60 mutated-both", StringComparison.Ordinal));
        Assert.Contains("dotnet tensor conflicts", merge.Stdout, StringComparison.Ordinal);
        Assert.Equal(60, dir.Ok("conflicts", "--json").Json.GetArrayLength());
    }

    [Fact]
    public void Verify_names_the_column_and_key_of_bad_samples_and_sums_them_up_per_kind()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("column", "add", "/tiles", "--dtype", "uint8", "--shape", "8,8");
        var tiles = new byte[40 * 64];
        for (int i = 0; i < tiles.Length; i++)
            tiles[i] = (byte)(i * 7 + i / 64);
        Npy.Write(dir.File("tiles.npy"), tiles, 40, 8, 8);
        dir.Ok("put", "/tiles", "0", "--npy", "tiles.npy", "--stacked");
        dir.Ok("commit", "-m", "tiles");
        var pack = Directory.GetFiles(Path.Combine(dir.Path, ".tensor", "packs")).Single();
        var bytes = File.ReadAllBytes(pack);
        for (int i = 64; i < bytes.Length; i += 16)
            bytes[i] ^= 0x5A;
        File.WriteAllBytes(pack, bytes);

        var text = dir.Fails(ErrorCode.CorruptObject, "verify");
        var lines = text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length < 12, text.Stdout);
        Assert.Contains(lines, l => l.StartsWith("blob: 40 problem(s) in /tiles", StringComparison.Ordinal));
        Assert.Contains("verify --all", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(40 + 3, dir.Fails(ErrorCode.CorruptObject, "verify", "--all").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var json = dir.Fails(ErrorCode.CorruptObject, "verify", "--json").Json.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(40, json.Count);
        Assert.All(json, p => Assert.Equal("/tiles", p.GetProperty("node").GetString()));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            json.Select(p => p.GetProperty("key").GetString()!).Order());
    }

    /// <summary>Stages a merge of <c>side</c> into main with <paramref name="count"/> caption conflicts; returns the merge's output.</summary>
    private static ToolResult Conflicts(TempDir dir, int count)
    {
        var keys = Enumerable.Range(100, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var key in keys)
            dir.Ok("put", "/captions", key, "--text", $"base {key}");
        dir.Ok("commit", "-m", "captions to fight over");
        dir.Ok("switch", "-c", "side");
        Npy.Write(dir.File("side.npy"), keys.Select(k => $"side {k}").ToArray(), count);
        dir.Ok("put", "/captions", "100", "--npy", "side.npy", "--stacked");
        dir.Ok("commit", "-m", "side's captions");
        dir.Ok("switch", "main");
        Npy.Write(dir.File("main.npy"), keys.Select(k => $"main {k}").ToArray(), count);
        dir.Ok("put", "/captions", "100", "--npy", "main.npy", "--stacked");
        dir.Ok("commit", "-m", "main's captions");
        return dir.Fails(ErrorCode.MergeConflict, "merge", "side");
    }
}
