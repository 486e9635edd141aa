using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// A staging area that cannot be read (a damaged staging log) is reported with the command that
/// discards it, and that command works: every hint the tool prints must be runnable as printed.
/// </summary>
public class DamagedStagingTests
{
    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    public void A_damaged_staging_log_is_reported_and_reset_discards_it(string damage)
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("put", "/captions", "9", "--text", "staged, then damaged");
        var log = Assert.Single(Directory.GetFiles(System.IO.Path.Combine(dir.Path, ".tensor", "staging"), "*.log"));
        var bytes = File.ReadAllBytes(log);
        if (damage == "truncated")
            bytes = bytes[..^3];
        else
            bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(log, bytes);

        var status = dir.Fails(ErrorCode.CorruptObject, "status");
        Assert.Contains("Run 'dotnet tensor reset'.", status.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", status.Stderr, StringComparison.Ordinal);
        dir.Fails(ErrorCode.CorruptObject, "commit", "-m", "damaged");

        // verify names the staging area and its remedy, not a backup, and still checks what is committed.
        var verify = dir.Fails(ErrorCode.CorruptObject, "verify");
        Assert.Contains("staging: 1 problem(s)", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains($"at {System.IO.Path.Combine(".tensor", "staging")}: The staging log is truncated or malformed. Discard the staging area. Run 'dotnet tensor reset'.", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("in uncommitted changes only; commits are intact.", verify.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("backup", verify.Stdout, StringComparison.Ordinal);
        var problem = Assert.Single(dir.Fails(ErrorCode.CorruptObject, "verify", "--json").Json.GetProperty("problems").EnumerateArray());
        Assert.Equal("staging", problem.GetProperty("kind").GetString());

        Assert.Contains("Discarded the staged changes", dir.Ok("reset").Stdout, StringComparison.Ordinal);
        Assert.Contains("Nothing staged", dir.Ok("status").Stdout, StringComparison.Ordinal);
        dir.Ok("verify");
        dir.Ok("put", "/captions", "9", "--text", "staged again");
        dir.Ok("commit", "-m", "after the reset");
        Assert.Contains("staged again", dir.Ok("get", "/captions", "9").Stdout, StringComparison.Ordinal);
    }
}
