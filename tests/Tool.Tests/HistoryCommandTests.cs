using System.Text.RegularExpressions;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>revert, cherry-pick, reset REV, reflog and commit --amend as a user meets them: what they print, and every hint followed as printed.</summary>
public partial class HistoryCommandTests
{
    [Fact]
    public void A_cherry_pick_stopped_at_a_conflict_is_finished_by_the_commands_it_prints()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("switch", "-c", "fix");
        dir.Ok("put", "/captions", "1", "--text", "fixed one");
        dir.Ok("put", "/captions", "2", "--text", "fixed two");
        dir.Ok("commit", "-m", "fix captions");
        dir.Ok("switch", "main");
        dir.Ok("put", "/captions", "1", "--text", "main one");
        dir.Ok("commit", "-m", "main edit");

        var stopped = dir.Fails(ErrorCode.MergeConflict, "cherry-pick", "fix");
        Assert.Contains("/captions 1", stopped.Stdout, StringComparison.Ordinal);
        var hint = Hint().Match(stopped.Stdout);
        Assert.True(hint.Success, stopped.Stdout);
        Assert.Contains("cherry-picking", dir.Ok("status", "-s").Stdout, StringComparison.Ordinal);
        // Committing by habit is refused with the way out, and changes nothing.
        var commit = dir.FailsJson(ErrorCode.UnresolvedConflicts, "commit", "-m", "x");
        Assert.Contains("cherry-pick --continue", commit.GetProperty("message").GetString(), StringComparison.Ordinal);

        dir.Ok("resolve", "/captions", "1", "--theirs");
        dir.Ok("cherry-pick", "--continue");
        Assert.Equal("fixed one", dir.Ok("get", "/captions", "1").Stdout.Trim());
        Assert.Equal("fixed two", dir.Ok("get", "/captions", "2").Stdout.Trim());
        var head = dir.Ok("log", "-n", "1", "--json").Json[0];
        Assert.Equal("fix captions", head.GetProperty("message").GetString());
        Assert.Equal(1, head.GetProperty("parents").GetArrayLength());
        dir.Fails(ErrorCode.NoMergeInProgress, "cherry-pick", "--continue");
    }

    [Fact]
    public void A_reset_that_drops_commits_says_how_to_keep_them_and_the_reflog_undoes_it()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("put", "/captions", "0", "--text", "work");
        dir.Ok("commit", "-m", "work");
        var work = dir.Ok("log", "-n", "1", "--json").Json[0].GetProperty("id").GetString()!;

        var refused = dir.Fails(ErrorCode.UnmergedBranch, "reset", "--hard", "HEAD~1");
        Assert.Contains("dotnet tensor branch NAME main", refused.Stderr, StringComparison.Ordinal);
        dir.Fails(ErrorCode.Usage, "reset", "HEAD~1");
        Assert.Equal("work", dir.Ok("get", "/captions", "0").Stdout.Trim());

        var moved = dir.Ok("reset", "--hard", "HEAD~1", "--force");
        Assert.Contains(work[..12], moved.Stdout, StringComparison.Ordinal);
        Assert.Equal("caption 0", dir.Ok("get", "/captions", "0").Stdout.Trim());
        var reflog = dir.Ok("reflog", "-n", "1").Stdout;
        Assert.Contains($"{work[..12]} -> ", reflog, StringComparison.Ordinal);
        dir.Ok("reset", "--hard", work[..12]);
        Assert.Equal("work", dir.Ok("get", "/captions", "0").Stdout.Trim());
        Assert.Equal(0, dir.Ok("gc", "--dry-run", "--json").Json.GetProperty("commits").GetInt32());
    }

    [Fact]
    public void Revert_amend_and_their_refusals()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("put", "/captions", "3", "--text", "wrong");
        dir.Ok("commit", "-m", "label fix");
        dir.Fails(ErrorCode.InvalidArgument, "revert", "HEAD~1");                 // the first commit
        dir.Fails(ErrorCode.Usage, "revert", "HEAD", "HEAD~1");
        dir.Ok("put", "/captions", "0", "--text", "staged");
        dir.Fails(ErrorCode.StagedChanges, "revert", "HEAD");
        dir.Ok("reset");
        var revert = dir.Ok("revert", "HEAD").Stdout;
        Assert.Contains("Revert \"label fix\"", revert, StringComparison.Ordinal);
        Assert.Equal("caption 3", dir.Ok("get", "/captions", "3").Stdout.Trim());

        dir.Fails(ErrorCode.Usage, "commit");
        dir.Ok("commit", "--amend", "-m", "Undo the label fix");
        var log = dir.Ok("log", "--json").Json;
        Assert.Equal(["Undo the label fix", "label fix", "seed"], log.EnumerateArray().Select(c => c.GetProperty("message").GetString()));
    }

    [GeneratedRegex(@"'dotnet tensor cherry-pick --continue'; or 'dotnet tensor cherry-pick --abort'")]
    private static partial Regex Hint();
}
