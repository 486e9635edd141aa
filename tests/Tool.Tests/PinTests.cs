using Tessera.Tool.Tests.Support;

namespace Tessera.Tool.Tests;

/// <summary><c>pin</c>, <c>pin --check</c> and <c>pins --git</c> on project files.</summary>
public sealed class PinTests : IDisposable
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
        </Project>
        """;

    private readonly TempDir dir = new();

    [Fact]
    public void PinWritesTheItemAndCheckFailsOnceTheBranchMovesOn()
    {
        Directory.CreateDirectory(this.dir.File("data"));
        Directory.CreateDirectory(this.dir.File("app"));
        File.WriteAllText(this.dir.File("app/App.csproj"), Project);
        this.dir.Ok("-C", "data", "init", "--user", "T", "--email", "t@example.com");
        this.dir.Ok("-C", "data", "column", "add", "/labels", "--kind", "str");
        this.dir.Ok("-C", "data", "put", "/labels", "0", "--text", "zero");
        this.dir.Ok("-C", "data", "commit", "-m", "one");
        string first = this.dir.Ok("-C", "data", "log", "--json").Json[0].GetProperty("id").GetString()!;

        this.dir.Ok("pin", "app/App.csproj", "--dataset", "labels", "--repository", "data", "--branch", "main", "--columns", "labels");
        var project = File.ReadAllText(this.dir.File("app/App.csproj"));
        Assert.Contains($"""<TensorDataset Include="labels" Repository="../data" Commit="{first[..12]}" Branch="main" Columns="labels" />""", project);
        Assert.Contains("labels: ", this.dir.Ok("pin", "--check", "app/App.csproj").Stdout);

        this.dir.Ok("-C", "data", "put", "/labels", "1", "--text", "one");
        this.dir.Ok("-C", "data", "commit", "-m", "two");
        var stale = this.dir.Fails(ErrorCode.PinCheckFailed, "pin", "--check", "app/App.csproj");
        Assert.Contains("App.csproj(6,6): warning TSR2001: Dataset 'labels': branch 'main' has moved 1 commit(s) past the pinned commit", stale.Stdout);

        var missing = this.dir.Fails(ErrorCode.InvalidArgument, "pin", "app/App.csproj", "--dataset", "labels", "--columns", "nope");
        Assert.Contains("TSR1003", missing.Stderr);
        this.dir.Ok("pin", "app/App.csproj", "--dataset", "labels");
        var check = this.dir.Ok("pin", "--check", "app/App.csproj", "--json").Json;
        Assert.True(check.GetProperty("ok").GetBoolean());
        Assert.Equal(0, check.GetProperty("pins")[0].GetProperty("behind").GetInt32());
    }

    [Fact]
    public void PinsAtAGitRevisionReadTheProjectAsItWasThen()
    {
        GitRunner.Run(this.dir.Path, "init", "-q", "-b", "main");
        GitRunner.Run(this.dir.Path, "config", "user.name", "Coder");
        GitRunner.Run(this.dir.Path, "config", "user.email", "coder@example.com");
        this.dir.Seed();
        File.WriteAllText(this.dir.File("App.csproj"), Project);
        this.dir.Ok("pin", "App.csproj", "--dataset", "seed", "--repository", ".", "--branch", "main");
        GitRunner.Run(this.dir.Path, "add", "App.csproj");
        GitRunner.Run(this.dir.Path, "commit", "-q", "-m", "pin the seed");
        string pinned = this.dir.Ok("log", "--json").Json[0].GetProperty("id").GetString()!;

        this.dir.Ok("put", "/captions", "9", "--text", "later");
        this.dir.Ok("commit", "-m", "later");
        this.dir.Ok("pin", "App.csproj", "--dataset", "seed");
        GitRunner.Run(this.dir.Path, "commit", "-q", "-am", "re-pin");

        var then = this.dir.Ok("pins", "--git", "HEAD~1", "--json").Json;
        var pin = Assert.Single(then.GetProperty("pins").EnumerateArray());
        Assert.Equal("seed", pin.GetProperty("name").GetString());
        Assert.Equal(pinned, pin.GetProperty("resolved").GetString());
        Assert.NotEqual(pinned, this.dir.Ok("pins", "--git", "HEAD", "App.csproj", "--json").Json.GetProperty("pins")[0].GetProperty("resolved").GetString());
        Assert.Contains(pinned, this.dir.Ok("pins", "--git", "HEAD~1").Stdout);
    }

    [Fact]
    public void PinsReadTheProjectFromTheWorkTreeThatGitWorkTreeNames()
    {
        GitRunner.Run(this.dir.Path, "init", "-q", "-b", "main");
        GitRunner.Run(this.dir.Path, "config", "user.name", "Coder");
        GitRunner.Run(this.dir.Path, "config", "user.email", "coder@example.com");
        this.dir.Seed();
        Directory.CreateDirectory(this.dir.File("app"));
        File.WriteAllText(this.dir.File("app/App.csproj"), Project);
        this.dir.Ok("pin", "app/App.csproj", "--dataset", "seed", "--repository", ".", "--branch", "main");
        GitRunner.Run(this.dir.Path, "add", "app/App.csproj");
        GitRunner.Run(this.dir.Path, "commit", "-q", "-m", "pin the seed");
        string pinned = this.dir.Ok("log", "--json").Json[0].GetProperty("id").GetString()!;
        // The project's folder becomes a work tree of its own, without that history.
        GitRunner.Run(this.dir.File("app"), "init", "-q", "-b", "main");

        var inner = this.dir.FailsJson(ErrorCode.RefNotFound, "pins", "--git", "HEAD", "app/App.csproj");
        Assert.Contains($"is not a commit of the git repository at '{this.dir.File("app")}'", inner.GetProperty("message").GetString());
        var outer = this.dir.Ok("-C", "app", "pins", "--git", "HEAD", "--git-work-tree", "..", "--json").Json;
        Assert.Equal(pinned, Assert.Single(outer.GetProperty("pins").EnumerateArray()).GetProperty("resolved").GetString());

        using var elsewhere = new TempDir();
        GitRunner.Run(elsewhere.Path, "init", "-q", "-b", "main");
        var outside = this.dir.FailsJson(ErrorCode.InvalidArgument, "pins", "--git", "HEAD", "app/App.csproj", "--git-work-tree", elsewhere.Path);
        Assert.Contains($"is not in the git work tree at '{elsewhere.Path}'", outside.GetProperty("message").GetString());
    }

    public void Dispose() => this.dir.Dispose();
}
