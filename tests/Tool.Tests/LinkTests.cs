using System.Diagnostics;
using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary>Dataset commits linked to the git commits of the code, in real git repositories made in temporary folders.</summary>
public sealed class LinkTests : IDisposable
{
    private readonly TempDir dir = new();

    public LinkTests()
    {
        this.Git("init", "-q", "-b", "main");
        this.Git("config", "user.name", "Coder");
        this.Git("config", "user.email", "coder@example.com");
        File.WriteAllText(this.dir.File("train.py"), "print('v1')\n");
        this.Git("add", "train.py");
        this.Git("commit", "-q", "-m", "code v1");
    }

    [Fact]
    public void CommitsRecordTheCodeCommitAndWhetherTheWorkTreeWasDirty()
    {
        this.dir.Seed();
        string v1 = this.Git("rev-parse", "HEAD");
        var seed = this.dir.Ok("log", "--json").Json[0];
        Assert.Equal(v1, seed.GetProperty("git").GetProperty("commit").GetString());
        Assert.False(seed.GetProperty("git").GetProperty("dirty").GetBoolean());

        File.AppendAllText(this.dir.File("train.py"), "print('edited')\n");
        this.dir.Ok("put", "/captions", "9", "--text", "made by edited code");
        this.dir.Ok("commit", "-m", "dirty");
        var show = this.dir.Ok("show", "--json").Json.GetProperty("commit");
        Assert.True(show.GetProperty("git").GetProperty("dirty").GetBoolean());
        Assert.Contains($"Git:    {v1} (dirty work tree)", this.dir.Ok("log", "-n", "1").Stdout);
    }

    [Fact]
    public void LinkAttachesAGitCommitWithoutChangingTheIdAndLogFindsCommitsByCodeRevision()
    {
        this.dir.Seed();
        string v1 = this.Git("rev-parse", "HEAD");
        string datasetCommit = this.dir.Ok("log", "--json").Json[0].GetProperty("id").GetString()!;
        File.WriteAllText(this.dir.File("train.py"), "print('v2')\n");
        this.Git("commit", "-q", "-am", "code v2");
        string v2 = this.Git("rev-parse", "HEAD");
        Assert.Empty(this.dir.Ok("log", "--git", "HEAD", "--json").Json.EnumerateArray());

        var linked = this.dir.Ok("link", "HEAD", "--git", "HEAD", "--json").Json;
        Assert.Equal(datasetCommit, linked.GetProperty("id").GetString());
        Assert.Equal(v2, linked.GetProperty("git").GetProperty("commit").GetString());
        var found = this.dir.Ok("log", "--git", v2[..8], "--json").Json;
        Assert.Equal(datasetCommit, Assert.Single(found.EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(this.dir.Ok("log", "--git", v1, "--json").Json.EnumerateArray());
        Assert.Equal(datasetCommit, this.dir.Ok("log", "--json").Json[0].GetProperty("id").GetString());

        var error = this.dir.FailsJson(ErrorCode.RefNotFound, "link", "HEAD", "--git", "no-such-revision");
        Assert.Contains("git log --oneline", error.GetProperty("message").GetString());
    }

    [Fact]
    public void ADatasetOutsideTheCodeWorkTreeIsLinkedToTheWorkTreeOfTheFolderTheCommandRunsIn()
    {
        using var data = new TempDir();
        data.Seed();
        Assert.False(data.Ok("log", "--json").Json[0].TryGetProperty("git", out _));
        string v1 = this.Git("rev-parse", "HEAD");

        // Run from the code's work tree, with -C at the dataset: the dataset's folder is in no work tree, so the current folder's counts.
        this.dir.Ok("-C", data.Path, "put", "/captions", "9", "--text", "made by v1");
        this.dir.Ok("-C", data.Path, "commit", "-m", "from the code");
        var made = this.dir.Ok("-C", data.Path, "log", "-n", "1", "--json").Json[0];
        Assert.Equal(v1, made.GetProperty("git").GetProperty("commit").GetString());
        var linked = this.dir.Ok("-C", data.Path, "link", "HEAD~1", "--git", "HEAD", "--json").Json;
        Assert.Equal(v1, linked.GetProperty("git").GetProperty("commit").GetString());
        Assert.Equal(2, this.dir.Ok("-C", data.Path, "log", "--git", "HEAD", "--json").Json.GetArrayLength());
    }

    [Fact]
    public void GitWorkTreeNamesTheCodesWorkTreeRelativeToTheCommandsFolder()
    {
        using var outside = new TempDir();
        var data = TempDir.At(outside.File("datasets/digits"));
        data.Seed();
        using var other = new TempDir();
        GitRunner.Run(other.Path, "init", "-q", "-b", "main");
        GitRunner.Run(other.Path, "-c", "user.name=Other", "-c", "user.email=other@example.com", "commit", "-q", "--allow-empty", "-m", "other code");
        string otherHead = GitRunner.Run(other.Path, "rev-parse", "HEAD");
        string v1 = this.Git("rev-parse", "HEAD");

        // From the dataset's folder, which is in no work tree.
        var linked = data.Ok("link", "HEAD", "--git", "HEAD", "--git-work-tree", this.dir.Path, "--json").Json;
        Assert.Equal(v1, linked.GetProperty("git").GetProperty("commit").GetString());
        Assert.Single(data.Ok("log", "--git", v1[..10], "--git-work-tree", this.dir.Path, "--json").Json.EnumerateArray());

        // From the code's work tree: the named work tree wins over the current folder's, and a relative DIR is read from -C.
        string fromDataset = Path.GetRelativePath(data.Path, other.Path);
        linked = this.dir.Ok("-C", data.Path, "link", "HEAD", "--git", "HEAD", "--git-work-tree", fromDataset, "--json").Json;
        Assert.Equal(otherHead, linked.GetProperty("git").GetProperty("commit").GetString());
        Assert.Empty(this.dir.Ok("-C", data.Path, "log", "--git", "HEAD", "--json").Json.EnumerateArray());

        var notATree = data.FailsJson(ErrorCode.GitUnavailable, "link", "HEAD", "--git", "HEAD", "--git-work-tree", outside.Path);
        Assert.Contains($"'{outside.Path}' (--git-work-tree) is not in a git work tree", notATree.GetProperty("message").GetString());
        var alone = data.FailsJson(ErrorCode.Usage, "log", "--git-work-tree", this.dir.Path);
        Assert.Contains("--git-work-tree goes with --git REV", alone.GetProperty("message").GetString());
    }

    [Fact]
    public void OutsideEveryWorkTreeCommitsCarryNoLinkAndLinkNamesBothFoldersAndAnOptionThatExists()
    {
        using var plain = new TempDir();
        plain.Seed();
        Assert.False(plain.Ok("log", "--json").Json[0].TryGetProperty("git", out _));
        foreach (var args in new[] { new[] { "link", "HEAD", "--git", "HEAD" }, ["log", "--git", "HEAD"] })
        {
            var message = plain.FailsJson(ErrorCode.GitUnavailable, args).GetProperty("message").GetString()!;
            Assert.Contains($"Neither the repository's folder '{plain.Path}' nor the current folder '{plain.Path}' is in a git work tree", message);
            Assert.Contains("--git-work-tree DIR", message);
            Assert.Contains("--git-work-tree", plain.Ok(args[0], "--help").Stdout);
        }
    }

    public void Dispose() => this.dir.Dispose();

    private string Git(params string[] args) => GitRunner.Run(this.dir.Path, args);
}

/// <summary>Runs git for test set-up, failing the test when git fails.</summary>
internal static class GitRunner
{
    public static string Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var git = Process.Start(start)!;
        var stdout = git.StandardOutput.ReadToEndAsync();
        var stderr = git.StandardError.ReadToEndAsync();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {stderr.Result}");
        return stdout.Result.Trim();
    }
}
