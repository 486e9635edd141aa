using System.Diagnostics;
using System.Text.Json;
using Tessera.Remotes.Tests.Support;

namespace Tessera.Remotes.Tests;

/// <summary>
/// A dataset commit made inside a real git work tree keeps its link to the code's commit on the
/// other side of every transfer (clone, clone --no-data, push, fetch, pull) over folder, HTTP and
/// S3 remotes, and a later 'link' that replaced it reaches the other side too. Everything runs
/// through the built tool, as a user would.
/// </summary>
public class GitLinkTransferTests(ServerFixture server, S3rverFixture s3) : IClassFixture<ServerFixture>, IClassFixture<S3rverFixture>
{
    [Fact]
    public void Links_travel_with_clone_push_and_pull_between_folders()
    {
        using var dir = new TempDir();
        var source = Linked(dir);
        Tool(dir.Path, "clone", source.Path, "full");
        Tool(dir.Path, "clone", source.Path, "lite", "--no-data");
        Tool(dir.Path, "init", "hub");
        Tool(source.Path, "remote", "add", "hub", dir.Sub("hub"));
        Tool(source.Path, "push", "hub");

        foreach (var other in new[] { "full", "lite", "hub" })
            Assert.Equal(Links(source.Path), Links(dir.Sub(other)));
        Assert.Equal(source.MadeAt, Links(dir.Sub("hub"))[source.Commit]);

        source.Relink();
        Tool(source.Path, "push", "hub");
        Tool(dir.Sub("full"), "pull");

        Assert.Equal(source.RelinkedTo, Links(dir.Sub("hub"))[source.Commit]);
        Assert.Equal(source.RelinkedTo, Links(dir.Sub("full"))[source.Commit]);
    }

    [Fact]
    public void Links_travel_with_push_clone_fetch_and_pull_over_http()
    {
        using var dir = new TempDir();
        var source = Linked(dir);
        var url = server.Serve("links", withData: false);
        Tool(source.Path, "remote", "add", "origin", url, "--token-file", server.Writer.TokenFile!);
        Tool(source.Path, "push");
        Tool(dir.Path, "clone", url, "full", "--token-file", server.Reader.TokenFile!);
        Tool(dir.Path, "clone", url, "lite", "--no-data", "--token-file", server.Reader.TokenFile!);

        Assert.Equal(source.MadeAt, Links(Path.Combine(server.Root, "links"))[source.Commit]);
        Assert.Equal(Links(source.Path), Links(dir.Sub("full")));
        Assert.Equal(Links(source.Path), Links(dir.Sub("lite")));

        source.Relink();
        Assert.Contains("sent 1 git link(s)", Tool(source.Path, "push"));
        Tool(dir.Sub("full"), "pull");
        Tool(dir.Sub("lite"), "fetch");

        Assert.Equal(source.RelinkedTo, Links(Path.Combine(server.Root, "links"))[source.Commit]);
        Assert.Equal(source.RelinkedTo, Links(dir.Sub("full"))[source.Commit]);
        Assert.Equal(source.RelinkedTo, Links(dir.Sub("lite"), "origin/main")[source.Commit]);
    }

    [Fact]
    public void Links_travel_with_push_clone_and_fetch_over_object_storage()
    {
        using var dir = new TempDir();
        var source = Linked(dir);
        var url = s3.Url("links-" + Guid.NewGuid().ToString("N")[..8]);
        Tool(source.Path, "remote", "add", "origin", url, "--endpoint", s3.Server.Endpoint);
        Tool(source.Path, "push");
        Tool(dir.Path, "clone", url, "full", "--endpoint", s3.Server.Endpoint);
        Tool(dir.Path, "clone", url, "lite", "--no-data", "--endpoint", s3.Server.Endpoint);

        Assert.Equal(Links(source.Path), Links(dir.Sub("full")));
        Assert.Equal(Links(source.Path), Links(dir.Sub("lite")));

        source.Relink();
        Tool(source.Path, "push");
        Tool(dir.Sub("full"), "fetch");
        Tool(dir.Sub("lite"), "pull");

        Assert.Equal(source.RelinkedTo, Links(dir.Sub("full"), "origin/main")[source.Commit]);
        Assert.Equal(source.RelinkedTo, Links(dir.Sub("lite"))[source.Commit]);
    }

    /// <summary>
    /// A git work tree <c>code</c> holding the dataset <c>code/data</c>: its first commit is not
    /// linked, its second is made by the tool inside the work tree and so linked to the code's HEAD.
    /// </summary>
    private static LinkedDataset Linked(TempDir dir)
    {
        var code = dir.Sub("code");
        Directory.CreateDirectory(code);
        Git(code, "init", "-q");
        var madeAt = GitCommit(code, "code that makes the data");
        var data = Path.Combine(code, "data");
        Datasets.Create(data).Dispose();
        ToolWithGit(data, "put", "/labels", "900", "--npy", Npy.Label(dir.Sub("label.npy"), 9));
        ToolWithGit(data, "commit", "-m", "made by the code");
        var commit = Links(data).Single();
        Assert.Equal(madeAt, commit.Value);
        return new LinkedDataset(data, commit.Key, madeAt, GitCommit(code, "the code, fixed"));
    }

    /// <summary>Dataset commit id → linked git commit, from <c>log --json</c>.</summary>
    private static Dictionary<string, string> Links(string repository, string revision = "HEAD")
    {
        using var log = JsonDocument.Parse(Tool(repository, "--json", "log", revision));
        return log.RootElement.EnumerateArray()
            .Where(c => c.TryGetProperty("git", out _))
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("git").GetProperty("commit").GetString()!);
    }

    private static string Tool(string directory, params string[] args) => Succeeded(ToolProcess.Run(directory, args), args);

    private static string ToolWithGit(string directory, params string[] args) => Succeeded(ToolProcess.RunWithGit(directory, args), args);

    private static string Succeeded((int Exit, string Out, string Err) run, string[] args)
    {
        Assert.True(run.Exit == 0, $"dotnet tensor {string.Join(' ', args)}: exit {run.Exit}\n{run.Out}\n{run.Err}");
        return run.Out;
    }

    /// <summary>Makes an (empty) git commit and returns its id.</summary>
    private static string GitCommit(string directory, string message)
    {
        Git(directory, "-c", "user.name=Code", "-c", "user.email=code@example.com", "commit", "-q", "--allow-empty", "-m", message);
        return Git(directory, "rev-parse", "HEAD").Trim();
    }

    private static string Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output;
    }

    /// <param name="Commit">The linked dataset commit.</param>
    /// <param name="MadeAt">The git commit it was made at.</param>
    /// <param name="RelinkedTo">A later git commit that <see cref="Relink"/> links it to instead.</param>
    private sealed record LinkedDataset(string Path, string Commit, string MadeAt, string RelinkedTo)
    {
        public void Relink() => ToolWithGit(this.Path, "link", this.Commit, "--git", this.RelinkedTo);
    }
}
