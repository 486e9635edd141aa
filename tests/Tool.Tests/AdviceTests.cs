using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>
/// Core, Remotes and Formats say what went wrong and what to do in words of no front end; the CLI adds
/// the command to run (src/Tool/Cli/Advice.cs), in its text and its JSON errors alike.
/// </summary>
public class AdviceTests
{
    [Fact]
    public void The_libraries_name_no_cli_command()
    {
        var named = new[] { "Core", "Remotes", "Formats" }
            .SelectMany(project => SourceStrings.Read(Path.Combine(TensorTool.RepositoryRoot, "src", project), _ => false)
                .Select(s => s with { File = Path.Combine(project, s.File) }))
            .Where(s => s.Text.Contains("dotnet tensor", StringComparison.Ordinal))
            .ToList();
        Assert.True(named.Count == 0, string.Join("\n", named));
    }

    [Fact]
    public void An_unknown_revision_or_branch_says_how_to_list_or_make_one()
    {
        using var dir = new TempDir();
        dir.Seed();
        Assert.EndsWith("no branch, tag or commit of that name. List them with 'dotnet tensor branch' and 'dotnet tensor log'.",
            Message(dir, ErrorCode.RefNotFound, "log", "nope"), StringComparison.Ordinal);
        Assert.Equal("No branch named 'nope'. List branches with 'dotnet tensor branch'.", Message(dir, ErrorCode.RefNotFound, "branch", "-d", "nope"));
        Assert.Contains("Create it here with 'dotnet tensor switch -c nope'", Message(dir, ErrorCode.RefNotFound, "switch", "nope"), StringComparison.Ordinal);
        var text = dir.Fails(ErrorCode.RefNotFound, "log", "nope");
        Assert.Contains("List them with 'dotnet tensor branch' and 'dotnet tensor log'.", text.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_a_repository_the_way_out_is_said_once()
    {
        using var dir = new TempDir();
        string advice = "Create one with 'dotnet tensor init', or pass -C <dir>.";
        Assert.EndsWith("is not in a Tessera repository (no .tensor/ folder here or above). " + advice, Message(dir, ErrorCode.NotARepository, "status"), StringComparison.Ordinal);
        string stderr = dir.Fails(ErrorCode.NotARepository, "log").Stderr;
        Assert.Equal(stderr.IndexOf(advice, StringComparison.Ordinal), stderr.LastIndexOf(advice, StringComparison.Ordinal));
        Assert.Contains(advice, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_remote_says_how_to_add_it()
    {
        using var dir = new TempDir();
        dir.Seed();
        Assert.Equal("No remote named 'upstream'; this repository has no remotes. Add it with 'dotnet tensor remote add upstream URL'.",
            Message(dir, ErrorCode.RemoteNotFound, "fetch", "upstream"));
        Assert.Contains("Add it with 'dotnet tensor remote add upstream URL'.", dir.Fails(ErrorCode.RemoteNotFound, "push", "upstream").Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_object_says_to_run_verify()
    {
        using var dir = new TempDir();
        dir.Ok("init");
        dir.Ok("column", "add", "/blob", "--kind", "bytes");
        File.WriteAllBytes(dir.File("big.bin"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
        dir.Ok("put", "/blob", "0", "--file", "big.bin");
        dir.Ok("commit", "-m", "one blob");
        var pack = Directory.GetFiles(Path.Combine(dir.Path, ".tensor", "packs"), "*.pack").Single();
        var bytes = File.ReadAllBytes(pack);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(pack, bytes);

        Assert.EndsWith("is corrupt (checksum mismatch). Verify the repository. Run 'dotnet tensor verify'.", Message(dir, ErrorCode.CorruptObject, "get", "/blob", "0"), StringComparison.Ordinal);
        Assert.Contains("Run 'dotnet tensor verify'.", dir.Fails(ErrorCode.CorruptObject, "get", "/blob", "0").Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_in_progress_says_how_to_finish_or_abort_it()
    {
        using var dir = new TempDir();
        dir.Seed();
        dir.Ok("switch", "-c", "side");
        dir.Ok("put", "/captions", "0", "--text", "side");
        dir.Ok("commit", "-m", "side");
        dir.Ok("switch", "main");
        dir.Ok("put", "/captions", "0", "--text", "main");
        dir.Ok("commit", "-m", "main");
        dir.Fails(ErrorCode.MergeConflict, "merge", "side");

        Assert.Equal("A merge is in progress: finish it (resolve its conflicts, then commit) or abort it, then switch. " +
            "Finish it with 'dotnet tensor resolve' and 'dotnet tensor commit', or abort it with 'dotnet tensor merge --abort'.",
            Message(dir, ErrorCode.MergeInProgress, "switch", "side"));
        Assert.Contains("'dotnet tensor merge --abort'", dir.Fails(ErrorCode.MergeInProgress, "merge", "side").Stderr, StringComparison.Ordinal);
        Assert.Contains("List them with 'dotnet tensor conflicts'", Message(dir, ErrorCode.UnresolvedConflicts, "commit", "-m", "too soon"), StringComparison.Ordinal);
    }

    private static string Message(TempDir dir, ErrorCode code, params string[] args) => dir.FailsJson(code, args).GetProperty("message").GetString()!;
}
